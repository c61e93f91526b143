using System.Text.RegularExpressions;
using NewsWatcher.Core.Polling;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads feeds.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
public static partial class FeedsFile
{
    /// <summary>Polling faster than this is impolite to publishers and gains nothing for news.</summary>
    public const string MinimumIntervalText = "00:01:00";

    /// <summary>A feed polled less than daily is almost certainly a typo (e.g. 15h for 15m).</summary>
    public const string MaximumIntervalText = "1.00:00:00";

    /// <summary>The one interval bound, for feeds.yaml and <c>Polling:DefaultInterval</c> alike.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.Parse(MinimumIntervalText, System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc cref="MinimumInterval"/>
    public static readonly TimeSpan MaximumInterval = TimeSpan.Parse(MaximumIntervalText, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Allowed = ["id", "url", "name", "interval", "enabled", "expectedUpdate", "min_interval", "max_interval", "adaptive"];

    public static IReadOnlyList<FeedDefinition> Parse(string yaml, string path)
    {
        var reader = new YamlConfigReader(path);
        var feeds = reader.ReadEntries(
            yaml, "feeds", "feed", "id", "feed id", Allowed, StringComparer.OrdinalIgnoreCase, (mapping, ordinal) => ParseFeed(reader, mapping, ordinal));
        reader.ThrowIfErrors();
        return feeds;
    }

    private static FeedDefinition? ParseFeed(YamlConfigReader reader, YamlMappingNode mapping, int ordinal)
    {
        var errorsBefore = reader.ErrorCount;
        var label = YamlConfigReader.Peek(mapping, "id") is { } peeked ? $"feed '{peeked}'" : $"feed #{ordinal}";
        var fields = reader.Fields(mapping, label, Allowed);
        var id = reader.Text(fields, "id", $"feed #{ordinal}", mapping, required: true);
        var what = id is null ? $"feed #{ordinal}" : $"feed '{id}'";
        if (id is not null && !IdPattern().IsMatch(id))
        {
            reader.Error(fields["id"], $"{what}: id may only use letters, digits, '-' and '_'");
        }

        var url = reader.Text(fields, "url", what, mapping, required: true);
        if (url is not null && !IsUsableSource(url, out var why))
        {
            reader.Error(fields["url"], $"{what}: url '{url}' {why}");
        }

        var name = reader.Text(fields, "name", what, mapping, required: false) ?? id;

        var interval = Interval(reader, fields, "interval", what, mapping);
        var minInterval = Interval(reader, fields, "min_interval", what, mapping);
        var maxInterval = Interval(reader, fields, "max_interval", what, mapping);
        if (minInterval > maxInterval)
        {
            reader.Error(fields["min_interval"], $"{what}: min_interval {minInterval:g} is longer than max_interval {maxInterval:g}");
        }

        var enabled = reader.Bool(fields, "enabled", what, mapping);
        var adaptive = reader.Bool(fields, "adaptive", what, mapping);
        var expectedUpdate = ExpectedUpdate(reader, fields, what, mapping);
        return reader.ErrorCount == errorsBefore && id is not null && url is not null && name is not null
            ? new FeedDefinition(id, url, name, interval, enabled ?? true, YamlConfigReader.LineOf(mapping))
            {
                ExpectedUpdate = expectedUpdate,
                MinInterval = minInterval,
                MaxInterval = maxInterval,
                // Opt-in until the latency benchmark shows it beats the fixed schedule (docs/performance.md#alert-delay).
                Adaptive = adaptive ?? false,
            }
            : null;
    }

    /// <summary>An optional duration between 1 minute and 24 hours (<c>interval</c>, <c>min_interval</c>, <c>max_interval</c>).</summary>
    private static TimeSpan? Interval(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string key, string what, YamlMappingNode mapping)
    {
        var text = reader.Text(fields, key, what, mapping, required: false);
        if (text is null)
        {
            return null;
        }

        var value = IntervalParser.Parse(text);
        if (value is null)
        {
            reader.Error(fields[key], $"{what}: {key} '{text}' is not a duration; write e.g. 90s, 15m, 1h or 00:15:00");
        }
        else if (value < MinimumInterval || value > MaximumInterval)
        {
            reader.Error(fields[key], $"{what}: {key} '{text}' must be between 1 minute and 24 hours");
        }

        return value;
    }

    /// <summary>Optional <c>expectedUpdate</c>: how long the feed may go without anything new before it shows as stale.</summary>
    private static TimeSpan? ExpectedUpdate(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what, YamlMappingNode mapping)
    {
        var text = reader.Text(fields, "expectedUpdate", what, mapping, required: false);
        if (text is null)
        {
            return null;
        }

        var value = IntervalParser.Parse(text);
        if (value is null || value < MinimumInterval)
        {
            reader.Error(fields["expectedUpdate"], $"{what}: expectedUpdate '{text}' is not a duration of at least 1 minute; write e.g. 6h, 48h or 2.00:00:00");
        }

        return value;
    }

    /// <summary>An absolute http(s) URL, or a local file path (for demos and tests); other schemes are refused.</summary>
    private static bool IsUsableSource(string url, out string why)
    {
        if (url.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                why = "is not a valid URL";
                return false;
            }

            if (uri.Scheme is not ("http" or "https" or "file"))
            {
                why = $"uses '{uri.Scheme}'; only http, https or a file path are supported";
                return false;
            }

            if (uri.Scheme != "file" && string.IsNullOrEmpty(uri.Host))
            {
                why = "has no host";
                return false;
            }

            why = string.Empty;
            return true;
        }

        if (url.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            why = "is neither an http(s) URL nor a valid file path";
            return false;
        }

        why = string.Empty;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
