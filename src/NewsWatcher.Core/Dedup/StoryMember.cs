using System.Globalization;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// A recent article's story fingerprint as remembered for later articles to join: tab-separated fields, words and
/// names space-separated (<see cref="ToString"/> and <see cref="Parse"/> are each other's inverse).
/// </summary>
public sealed record StoryMember(string StoryId, string RepresentativeKey, string FeedId, long Published, string[] Words, string? Link, string Title, string[] Names)
{
    /// <summary>The conflict key of the truce thread the article joined, so an article whose parties cannot tell its conflict joins the same thread; null when none.</summary>
    public string? Thread { get; init; }

    /// <summary>Members written before names were kept have seven fields, before threads eight; they read as naming nothing. Null when unreadable.</summary>
    public static StoryMember? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('\t');
        return parts.Length is 7 or 8 or 9 && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var published)
            ? new StoryMember(parts[0], parts[1], parts[2], published, parts[4].Split(' ', StringSplitOptions.RemoveEmptyEntries), parts[5].Length == 0 ? null : parts[5], parts[6],
                parts.Length >= 8 ? parts[7].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
            {
                Thread = parts.Length == 9 && parts[8].Length > 0 ? parts[8] : null,
            }
            : null;
    }

    public override string ToString() =>
        string.Join('\t', StoryId, Clean(RepresentativeKey), FeedId, Published.ToString(CultureInfo.InvariantCulture), string.Join(' ', Words), Clean(Link ?? string.Empty), Clean(Title), string.Join(' ', Names))
        + (Thread is null ? string.Empty : "\t" + Clean(Thread));

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ');
}
