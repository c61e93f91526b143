using System.Globalization;
using System.Net.Mail;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Subscribers;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads subscribers.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
/// <remarks>
/// The digest is one text value: <c>immediate</c>, <c>hourly</c>, <c>daily HH:mm</c> or <c>weekly DAY HH:mm</c>
/// (local time in the subscriber's time zone).
/// </remarks>
public static class SubscribersFile
{
    public const int MaxItemsLimit = 500;

    /// <summary>The digest of a subscriber who names none.</summary>
    public static readonly DigestCadence DefaultCadence = DigestCadence.DailyAt(new TimeOnly(8, 0));

    private static readonly string[] Allowed =
        ["email", "name", "watches", "categories", "digest", "timezone", "immediate", "quiet_hours", "max_items", "skip_empty", "channels", "send_email", "alerts"];

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

        // The address names the subscriber when no name is given.
        var name = reader.Text(fields, "name", what, mapping, required: false) ?? email;

        var watches = ReadWatches(reader, fields, what, knownWatchIds);
        var categories = ReadCategories(reader, fields, what);
        if (watches.Count == 0 && categories.Count == 0 && !fields.ContainsKey("watches") && !fields.ContainsKey("categories"))
        {
            reader.Error(mapping, $"{what} follows no watches; list watch ids, or [\"*\"] for all, or categories");
        }

        var cadence = ReadCadence(reader, fields, what, mapping) ?? (fields.ContainsKey("digest") ? null : DefaultCadence);

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

        QuietHours? quiet = null;
        if (reader.Text(fields, "quiet_hours", what, mapping, required: false) is { } quietText)
        {
            quiet = QuietHours.Parse(quietText);
            if (quiet is null)
            {
                reader.Error(fields["quiet_hours"], $"{what}: quiet_hours '{quietText}' must be 'HH:mm-HH:mm' in local time (e.g. 22:00-07:00)");
            }
        }

        int? maxItems = null;
        if (reader.Text(fields, "max_items", what, mapping, required: false) is { } maxText)
        {
            if (int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= MaxItemsLimit)
            {
                maxItems = max;
            }
            else
            {
                reader.Error(fields["max_items"], $"{what}: max_items '{maxText}' must be a whole number from 1 to {MaxItemsLimit}");
            }
        }

        var skipEmpty = reader.Bool(fields, "skip_empty", what, mapping) ?? true;
        var alerts = AlertMode.Developments;
        if (reader.Text(fields, "alerts", what, mapping, required: false) is { } alertsText)
        {
            if (alertsText is "developments" or "articles")
            {
                alerts = alertsText == "articles" ? AlertMode.Articles : AlertMode.Developments;
            }
            else
            {
                reader.Error(fields["alerts"], $"{what}: alerts '{alertsText}' must be developments (one alert per new development of a truce, the default) or articles (one per article)");
            }
        }

        var channels = ChannelsReader.Read(reader, fields, what);
        var sendEmail = reader.Bool(fields, "send_email", what, mapping) ?? true;
        if (!sendEmail && channels.Count == 0 && fields.TryGetValue("send_email", out var sendEmailNode))
        {
            reader.Error(sendEmailNode, $"{what}: send_email is false and no channels are listed, so nothing would ever be sent");
        }

        if (reader.ErrorCount != errorsBefore || email is null || name is null || cadence is null)
        {
            return null;
        }

        return new Subscriber(email.ToLowerInvariant(), email, name, watches, cadence, timeZone, immediate, YamlConfigReader.LineOf(mapping))
        {
            Categories = categories,
            QuietHours = quiet,
            MaxItems = maxItems,
            SkipEmpty = skipEmpty,
            Alerts = alerts,
            Channels = channels,
            SendEmail = sendEmail,
        };
    }

    /// <summary>The <c>digest</c> field; null when absent or wrong (reported).</summary>
    internal static DigestCadence? ReadCadence(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what, YamlNode owner)
    {
        var digest = reader.Text(fields, "digest", what, owner, required: false);
        if (digest is null)
        {
            return null;
        }

        var cadence = DigestCadence.Parse(digest);
        if (cadence is null)
        {
            reader.Error(
                fields["digest"],
                $"{what}: digest '{digest}' must be 'immediate', 'hourly', 'daily HH:mm' or 'weekly DAY HH:mm' (e.g. daily 07:30, weekly monday 08:00)");
        }

        return cadence;
    }

    private static List<string> ReadWatches(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what, IReadOnlySet<string> knownWatchIds)
    {
        var watches = new List<string>();
        var items = reader.TextList(fields, "watches", what);
        if (items is { Count: 0 })
        {
            reader.Error(fields["watches"], $"{what} follows no watches; list watch ids, or [\"*\"] for all");
        }

        foreach (var (id, node) in items ?? [])
        {
            if (id == FollowedWatches.All)
            {
                if (items!.Count > 1)
                {
                    reader.Error(node, $"{what}: \"*\" already means every watch; list it alone");
                }
            }
            else if (!FollowedWatches.IsKnown(id, knownWatchIds))
            {
                reader.Error(node, $"{what}: unknown watch '{id}'; known: {string.Join(", ", knownWatchIds.Order(StringComparer.Ordinal))}");
            }

            watches.Add(id);
        }

        return watches;
    }

    private static List<string> ReadCategories(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what)
    {
        var categories = new List<string>();
        foreach (var (category, node) in reader.TextList(fields, "categories", what) ?? [])
        {
            var known = DigestCategories.Order.FirstOrDefault(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                reader.Error(node, $"{what}: unknown category '{category}'; known: {string.Join(", ", DigestCategories.Order)}");
                continue;
            }

            categories.Add(known);
        }

        return categories;
    }

    private static bool IsBareAddress(string email) =>
        MailAddress.TryCreate(email, out var address)
        && string.Equals(address.Address, email, StringComparison.Ordinal)
        && string.IsNullOrEmpty(address.DisplayName);
}
