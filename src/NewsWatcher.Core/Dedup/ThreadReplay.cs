using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// Replays a headline stream in time order through the same decisions the worker makes (watches, stage cues, story
/// clustering, <see cref="ThreadChooser"/>), in memory, and counts what an immediate subscriber would be alerted to with
/// <c>alerts: articles</c> (every matched article) and <c>alerts: developments</c> (new developments only).
/// </summary>
public static class ThreadReplay
{
    /// <param name="articles">The stream; replayed in order of <see cref="Article.Published"/> (ties keep their order).</param>
    /// <param name="storyWindow">How far apart two outlets' articles may be and still be one story (the store's <c>Dedup:StoryWindow</c>).</param>
    public static ReplayResult Run(IEnumerable<Article> articles, WatchSet watches, StageSet stages, ThreadRules rules, TimeSpan storyWindow)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(rules);
        var members = new List<StoryMember>();
        var current = new Dictionary<string, StoryThread>(StringComparer.Ordinal);
        var reports = new Dictionary<string, List<ReplayReport>>(StringComparer.Ordinal);
        var final = new Dictionary<string, StoryThread>(StringComparer.Ordinal);
        var days = new SortedDictionary<DateOnly, (int Articles, int Developments)>();
        foreach (var article in articles.OrderBy(a => a.Published))
        {
            var matches = watches.Match(article);
            if (matches.Count == 0)
            {
                continue;
            }

            var stage = stages.Classify(article, matches);
            var facts = rules.Facts(article, stage);
            var fingerprint = StoryFingerprint.Of(article.Title, article.Summary);
            StoryAssignment? story = null;
            if (fingerprint.IsUsable)
            {
                var published = article.Published.ToUnixTimeMilliseconds();
                story = StoryChooser.Assign(article, fingerprint, members.Where(m => Math.Abs(m.Published - published) <= storyWindow.TotalMilliseconds), storyWindow);
            }

            var conflict = facts.Conflict ?? ThreadChooser.ByStory(story?.JoinedThread, story?.StoryId ?? StoryChooser.NewStoryId(article));
            var decision = ThreadChooser.Decide(current.GetValueOrDefault(conflict.Key), conflict, facts, article, facts.Window);
            if (story is not null)
            {
                members.Add(story.Member with { Thread = conflict.Key });
            }

            if (decision.Thread is { } thread)
            {
                current[conflict.Key] = thread;
                final[thread.Id] = thread;
                if (!reports.TryGetValue(thread.Id, out var list))
                {
                    reports[thread.Id] = list = [];
                }

                list.Add(new ReplayReport(article, stage.Stage, stage.Actor, decision.IsNewDevelopment));
            }

            var day = DateOnly.FromDateTime(article.Published.UtcDateTime);
            var (a, d) = days.GetValueOrDefault(day);
            days[day] = (a + 1, d + (decision.IsNewDevelopment ? 1 : 0));
        }

        var threads = final.Values
            .Select(t => new ReplayThread(t, reports[t.Id]))
            .OrderByDescending(t => t.Reports.Count)
            .ThenBy(t => t.Thread.StartedAt)
            .ToList();
        return new ReplayResult([.. days.Select(d => new ReplayDay(d.Key, d.Value.Articles, d.Value.Developments))], threads);
    }
}

/// <summary>Alerts of one UTC day: one per matched article (<c>articles</c>) and one per new development (<c>developments</c>).</summary>
public sealed record ReplayDay(DateOnly Day, int Articles, int Developments);

/// <summary>A matched article as the replay filed it: its stage and actor, and whether it was a new development.</summary>
public sealed record ReplayReport(Article Article, string Stage, string? Actor, bool IsNewDevelopment);

/// <summary>A thread at the end of the replay, with every article that joined it.</summary>
public sealed record ReplayThread(StoryThread Thread, IReadOnlyList<ReplayReport> Reports);

/// <summary>What a replay found: alerts per day and the threads, most reported first.</summary>
public sealed record ReplayResult(IReadOnlyList<ReplayDay> Days, IReadOnlyList<ReplayThread> Threads)
{
    public int Articles => Days.Sum(d => d.Articles);

    public int Developments => Days.Sum(d => d.Developments);
}
