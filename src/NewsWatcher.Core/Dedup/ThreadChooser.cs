using System.Security.Cryptography;
using System.Text;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// Which thread a matched article joins and whether it is a new development of it: the decision behind alerts per
/// development, apart from where the threads are kept (the store applies it atomically over the version it read).
/// </summary>
/// <remarks>
/// A thread is open while its last development is no older than the window; an article after that starts a new
/// thread of the same conflict (the next truce). Within a thread a development is a (stage, actor) pair not reported
/// before; an article naming no actor reports the thread's development of that stage when it has one. Stage "other"
/// (no cue fired, or the classifier withheld a weak one) is never a development of its own: it is a further source of
/// the thread's newest development, and joins no thread when none is open.
/// </remarks>
public static class ThreadChooser
{
    /// <summary>Longest name taken from a first development's headline.</summary>
    public const int MaxNameLength = 120;

    /// <param name="current">The thread kept under the article's conflict key, or null when there is none.</param>
    /// <param name="conflict">The article's conflict (its parties, or the story it joined when they cannot tell).</param>
    public static ThreadDecision Decide(StoryThread? current, ThreadConflict conflict, ThreadFacts facts, Article article, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(article);
        var open = current is { Developments.Count: > 0 } && article.Published - current.LastDevelopmentAt <= window ? current : null;
        var sourceKey = SourceKey(article);
        var isDevelopment = StageNames.IsKnown(facts.Stage) && facts.Stage != StageNames.Other;
        if (open is null)
        {
            if (!isDevelopment)
            {
                return ThreadDecision.None;
            }

            var first = Development(facts, article, sourceKey);
            var name = conflict.Name ?? Headline(article);
            var thread = new StoryThread(NewThreadId(conflict.Key, article), conflict.Key, name, article.Published, article.Published, [first], (current?.Version ?? 0) + 1);
            return new ThreadDecision(thread, new ThreadStamp(thread.Id, thread.Name, first, [], IsNewDevelopment: true) { Key = thread.Key });
        }

        var index = isDevelopment ? Find(open.Developments, facts) : open.Developments.Count - 1;
        if (index >= 0)
        {
            var known = open.Developments[index];
            var earlier = open.Developments.Take(index).ToList();
            if (known.SourceKeys.Contains(sourceKey, StringComparer.Ordinal))
            {
                // Already counted (a retried write): nothing changes, and it is no news.
                return new ThreadDecision(open, new ThreadStamp(open.Id, open.Name, known, earlier, IsNewDevelopment: false) { Key = open.Key });
            }

            var keys = known.SourceKeys.Count < ThreadDevelopment.MaxSourceKeys ? [.. known.SourceKeys, sourceKey] : known.SourceKeys;
            var folded = known with { SourceCount = known.SourceCount + 1, SourceKeys = keys };
            var developments = open.Developments.ToList();
            developments[index] = folded;
            var thread = open with { Developments = developments, Version = open.Version + 1 };
            return new ThreadDecision(thread, new ThreadStamp(open.Id, open.Name, folded, earlier, IsNewDevelopment: false) { Key = open.Key });
        }

        var added = Development(facts, article, sourceKey);
        var history = open.Developments.Count < StoryThread.MaxDevelopments ? open.Developments : open.Developments.Skip(1).ToList();
        var grown = open with
        {
            Developments = [.. history, added],
            LastDevelopmentAt = article.Published > open.LastDevelopmentAt ? article.Published : open.LastDevelopmentAt,
            Version = open.Version + 1,
        };
        return new ThreadDecision(grown, new ThreadStamp(open.Id, open.Name, added, history, IsNewDevelopment: true) { Key = open.Key });
    }

    /// <summary>The conflict of an article whose parties cannot tell one: the thread of the story cluster it joined, else a thread of its own story.</summary>
    public static ThreadConflict ByStory(string? joinedThreadKey, string storyId) =>
        new(joinedThreadKey is { Length: > 0 } key ? key : "story:" + storyId, null);

    /// <summary>The article as counted among a development's sources.</summary>
    public static string SourceKey(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.FeedId + "\n" + article.Id;
    }

    /// <summary>The development with this stage and actor; with no actor named, the stage's first development.</summary>
    private static int Find(IReadOnlyList<ThreadDevelopment> developments, ThreadFacts facts)
    {
        for (var i = 0; i < developments.Count; i++)
        {
            var d = developments[i];
            if (d.Stage == facts.Stage && (facts.Actor is null || string.Equals(d.Actor, facts.Actor, StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }

    private static ThreadDevelopment Development(ThreadFacts facts, Article article, string sourceKey) =>
        new(facts.Stage, facts.Actor, article.Published, Headline(article), article.Link, article.FeedId, 1, [sourceKey]);

    private static string Headline(Article article) => MailText.Truncate(MailText.SingleLine(article.Title), MaxNameLength);

    /// <summary>Stable for the conflict and the article that opened it, so a retried decision names the thread the same.</summary>
    private static string NewThreadId(string key, Article article)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + SourceKey(article)), digest);
        return "thread-" + Convert.ToHexStringLower(digest)[..16];
    }

}
