using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads editor durations: unit form (<c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1h30m</c>) or clock form (<c>00:15:00</c>).</summary>
internal static partial class IntervalParser
{
    public static TimeSpan? Parse(string text)
    {
        var match = UnitPattern().Match(text);
        if (match.Success && match.Length > 0 && (match.Groups["h"].Success || match.Groups["m"].Success || match.Groups["s"].Success))
        {
            return TimeSpan.FromHours(Number(match, "h")) + TimeSpan.FromMinutes(Number(match, "m")) + TimeSpan.FromSeconds(Number(match, "s"));
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParseExact(text, ["c", @"hh\:mm\:ss", @"h\:mm\:ss"], CultureInfo.InvariantCulture, out var clock)
            ? clock
            : null;
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<h>\d{1,4})h)?(?:(?<m>\d{1,5})m)?(?:(?<s>\d{1,6})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();
}
