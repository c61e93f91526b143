namespace NewsWatcher.Core.Configuration;

/// <summary>Finds an IANA time zone, also under its renamed spelling.</summary>
/// <remarks>
/// Hosts carry tzdata of different ages: a container may know only "Europe/Kiev" while editors (rightly) write
/// "Europe/Kyiv", or the reverse. Renamed zones are the same zone, so either spelling resolves.
/// </remarks>
internal static class TimeZoneResolver
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Europe/Kyiv"] = "Europe/Kiev",
        ["Europe/Kiev"] = "Europe/Kyiv",
        ["Asia/Kolkata"] = "Asia/Calcutta",
        ["Asia/Calcutta"] = "Asia/Kolkata",
        ["Asia/Yangon"] = "Asia/Rangoon",
        ["Asia/Ho_Chi_Minh"] = "Asia/Saigon",
        ["Asia/Kathmandu"] = "Asia/Katmandu",
        ["Pacific/Kanton"] = "Pacific/Enderbury",
        ["America/Nuuk"] = "America/Godthab",
    };

    public static TimeZoneInfo? Find(string id)
    {
        if (TryFind(id) is { } zone)
        {
            return zone;
        }

        return Renamed.TryGetValue(id, out var other) ? TryFind(other) : null;
    }

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
