using System.Text.Json.Serialization;

namespace NewsWatcher.Core.Parsing;

/// <summary>One feed item, normalised: plain text, UTC time, canonical http(s) link, stable id.</summary>
/// <param name="Id">Stable id: the feed's guid, else the canonical link, else a content hash.</param>
/// <param name="FeedId">The id of the feed (from feeds.yaml) this article came from.</param>
/// <param name="Title">Plain text: HTML stripped, entities decoded, whitespace collapsed.</param>
/// <param name="Summary">Plain text, same normalisation as the title; may be empty.</param>
/// <param name="Link">Canonical absolute http(s) link, or null when the item has none we trust.</param>
/// <param name="Published">Publication time in UTC, or the first-seen time when the feed gave none.</param>
/// <param name="PublishedIsFirstSeen">True when <paramref name="Published"/> is the first-seen time.</param>
/// <param name="Outlet">The outlet an aggregator names for the item (RSS &lt;source&gt;, as Google News gives it); null when the feed is the outlet.</param>
public sealed record Article(
    string Id,
    string FeedId,
    string Title,
    string Summary,
    string? Link,
    DateTimeOffset Published,
    bool PublishedIsFirstSeen = false,
    string? Outlet = null)
{
    private static readonly string[] _separators = [" - ", " – ", " — ", " | "];

    /// <summary>
    /// The headline the outlet wrote: the title without an aggregator's " - Outlet" suffix naming <see cref="Outlet"/>.
    /// Watches and stage cues read this, so "… - The Moscow Times" does not make a Gaza story Russian; it is a prefix
    /// of <see cref="Title"/>, so match spans stay valid in the title readers see.
    /// </summary>
    [JsonIgnore]
    public string Headline => HeadlineOf(Title, Outlet);

    /// <summary><paramref name="title"/> without a trailing separator and <paramref name="outlet"/>, when it ends so.</summary>
    public static string HeadlineOf(string title, string? outlet)
    {
        ArgumentNullException.ThrowIfNull(title);
        outlet = outlet?.Trim();
        if (string.IsNullOrEmpty(outlet) || !title.EndsWith(outlet, StringComparison.OrdinalIgnoreCase))
        {
            return title;
        }

        var rest = title.AsSpan(0, title.Length - outlet.Length);
        foreach (var separator in _separators)
        {
            if (rest.EndsWith(separator, StringComparison.Ordinal) && rest.Length > separator.Length)
            {
                return rest[..^separator.Length].TrimEnd().ToString();
            }
        }

        return title;
    }
}
