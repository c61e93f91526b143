using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>The story an article belongs to; <see cref="JoinedBy"/> is set when it joined another outlet's story.</summary>
/// <param name="StoryId">The story's id (the first article's when it joined one).</param>
/// <param name="RepresentativeKey">The pending-entry key of the story's first article, which a joining article folds into.</param>
/// <param name="JoinedBy">The article itself when it joined an existing story; null when it starts one.</param>
/// <param name="BandKeys">The fingerprint's MinHash bands, under which <paramref name="Member"/> is remembered.</param>
/// <param name="Member">What later articles compare against.</param>
public sealed record StoryAssignment(string StoryId, string RepresentativeKey, Article? JoinedBy, IReadOnlyList<string> BandKeys, StoryMember Member)
{
    /// <summary>The truce thread (conflict key) of the member it joined, when that member was in one; null otherwise.</summary>
    public string? JoinedThread { get; init; }

    /// <summary>The item as queued: a story id is set only once an article is clustered with another outlet's (the <see cref="DigestItem"/> contract).</summary>
    public DigestItem Stamp(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return JoinedBy is null ? item : item with { StoryId = StoryId };
    }
}
