using System.Security.Cryptography;
using System.Text;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// Which story a new article with matches tells, and how it folds into another outlet's pending entry: the decisions
/// behind story dedup, apart from where the candidates and entries are kept.
/// </summary>
public static class StoryChooser
{
    /// <summary>Headlines are kept this long in a remembered member; enough to show, bounded whatever a feed sends.</summary>
    public const int MaxStoredTitleLength = 300;

    /// <summary>
    /// The story <paramref name="article"/> joins: the most similar candidate from another feed published within
    /// <paramref name="window"/> of it, at or above <see cref="StoryFingerprint.Threshold"/> and not contradicting it
    /// (the first such candidate wins a tie); else a new story of its own.
    /// </summary>
    /// <param name="candidates">Remembered members sharing a band with the fingerprint, in the order they were read.</param>
    public static StoryAssignment Assign(Article article, StoryFingerprint fingerprint, IEnumerable<StoryMember> candidates, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(candidates);
        var published = article.Published.ToUnixTimeMilliseconds();
        StoryMember? best = null;
        var bestSimilarity = 0.0;
        foreach (var candidate in candidates)
        {
            if (candidate.FeedId == article.FeedId || Math.Abs(candidate.Published - published) > window.TotalMilliseconds)
            {
                continue;
            }

            var other = StoryFingerprint.FromWords(candidate.Words, candidate.Names);
            var similarity = fingerprint.Similarity(other);
            if (similarity >= StoryFingerprint.Threshold && similarity > bestSimilarity && !fingerprint.Contradicts(other))
            {
                best = candidate;
                bestSimilarity = similarity;
            }
        }

        var storyId = best?.StoryId ?? NewStoryId(article);
        var representative = best?.RepresentativeKey ?? article.Id;
        var member = new StoryMember(storyId, representative, article.FeedId, published, [.. fingerprint.Words], article.Link, Shorten(article.Title), [.. fingerprint.Names]);
        return new StoryAssignment(storyId, representative, best is null ? null : article, fingerprint.BandKeys(), member) { JoinedThread = best?.Thread };
    }

    /// <summary>
    /// Another outlet's pending entry with <paramref name="joining"/> added to its "also reported by" (up to
    /// <see cref="DigestItem.MaxAlsoReportedBy"/>; past that only the story id is set).
    /// </summary>
    public static DigestItem Fold(DigestItem current, Article joining, string storyId)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(joining);
        var source = new StorySource(joining.FeedId, joining.Title, joining.Link, joining.Published);
        IReadOnlyList<StorySource> also = current.AlsoReportedBy.Count < DigestItem.MaxAlsoReportedBy ? [.. current.AlsoReportedBy, source] : current.AlsoReportedBy;
        return current with { StoryId = storyId, AlsoReportedBy = also };
    }

    /// <summary>A new story's id: stable for the article (its feed and id), so a retried poll names it the same.</summary>
    public static string NewStoryId(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(article.FeedId + "\n" + article.Id), digest);
        return "story-" + Convert.ToHexStringLower(digest)[..16];
    }

    private static string Shorten(string title) => title.Length <= MaxStoredTitleLength ? title : title[..MaxStoredTitleLength];
}
