using System.Globalization;
using System.Net.Mail;
using NewsWatcher.Core.Subscribers;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads subscribers.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
/// <remarks>The digest is one text value, <c>hourly</c> or <c>daily HH:mm</c> (local time in the subscriber's time zone).</remarks>
public static class SubscribersFile
{
    private static readonly string[] Allowed = ["email", "name", "watches", "digest", "timezone", "immediate"];

    /// <param name="knownWatchIds">Watch ids from watches.yaml; following an unknown one is an error.</param>
    public static IReadOnlyList<Subscriber> Parse(string yaml, string path, IReadOnlySet<string> knownWatchIds)
    {
        ArgumentNullException.ThrowIfNull(knownWatchIds);
        var reader = new YamlConfigReader(path);

        // Emails are compared case-insensitively: the subscriber id is the lower-cased address.
        var subscribers = reader.ReadEntries(
            yaml, "subscribers", "subscriber", "email", "subscriber", Allowed, StringComparer.OrdinalIgnoreCase, (mapping, ordinal) => ParseSubscriber(reader, mapping, ordinal, knownWatchIds));
        reader.ThrowIfErrors();
        return subscribers;
    }

    private static Subscriber? ParseSubscriber(YamlConfigReader reader, YamlMappingNode mapping, int ordinal, IReadOnlySet<string> knownWatchIds)
    {
        var errorsBefore = reader.ErrorCount;
        var label = YamlConfigReader.Peek(mapping, "email") is { } peeked ? $"subscriber '{peeked}'" : $"subscriber #{ordinal}";
        var fields = reader.Fields(mapping, label, Allowed);
        var email = reader.Text(fields, "email", $"subscriber #{ordinal}", mapping, required: true);
        var what = email is null ? $"subscriber #{ordinal}" : $"subscriber '{email}'";
        if (email is not null && !IsBareAddress(email))
        {
            reader.Error(fields["email"], $"{what}: email '{email}' is not a valid address (write just name@example.org)");
        }

        var name = reader.Text(fields, "name", what, mapping, required: true);

        var watches = new List<string>();
        var items = reader.TextList(fields, "watches", what);
        if (!fields.ContainsKey("watches") || items is { Count: 0 })
        {
            reader.Error(fields.GetValueOrDefault("watches") ?? mapping, $"{what} follows no watches; list watch ids, or [\"*\"] for all");
        }
        else if (items is not null)
        {
            foreach (var (id, node) in items)
            {
                if (id == "*")
                {
                    if (items.Count > 1)
                    {
                        reader.Error(node, $"{what}: \"*\" already means every watch; list it alone");
                    }
                }
                else if (!knownWatchIds.Contains(id))
                {
                    reader.Error(node, $"{what}: unknown watch '{id}'; known: {string.Join(", ", knownWatchIds.Order(StringComparer.Ordinal))}");
                }

                watches.Add(id);
            }
        }

        DigestCadence? cadence = null;
        var digest = reader.Text(fields, "digest", what, mapping, required: true);
        if (digest is not null)
        {
            cadence = ParseCadence(digest);
            if (cadence is null)
            {
                reader.Error(fields["digest"], $"{what}: digest '{digest}' must be 'hourly' or 'daily HH:mm' (e.g. daily 07:30)");
            }
        }

        var timeZone = TimeZoneInfo.Utc;
        var zoneId = reader.Text(fields, "timezone", what, mapping, required: false);
        if (zoneId is not null)
        {
            var found = TimeZoneResolver.Find(zoneId);
            if (found is null)
            {
                reader.Error(fields["timezone"], $"{what}: timezone '{zoneId}' is not a known IANA time zone (e.g. Europe/Kyiv, UTC)");
            }
            else
            {
                timeZone = found;
            }
        }

        var immediate = reader.Bool(fields, "immediate", what, mapping) ?? true;
        if (reader.ErrorCount != errorsBefore || email is null || name is null || cadence is null)
        {
            return null;
        }

        return new Subscriber(
            email.ToLowerInvariant(), email, name, watches, cadence, timeZone, immediate, YamlConfigReader.LineOf(mapping));
    }

    private static bool IsBareAddress(string email) =>
        MailAddress.TryCreate(email, out var address)
        && string.Equals(address.Address, email, StringComparison.Ordinal)
        && string.IsNullOrEmpty(address.DisplayName);

    private static DigestCadence? ParseCadence(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is ["hourly"])
        {
            return DigestCadence.Hourly;
        }

        if (parts is ["daily", var at]
            && TimeOnly.TryParseExact(at, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return DigestCadence.DailyAt(time);
        }

        return null;
    }
}
