using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Configuration;

/// <summary>The editor-owned files in the config folder, parsed and cross-checked.</summary>
internal sealed record EditorConfig(
    IReadOnlyList<FeedDefinition> Feeds,
    WatchSet Watches,
    IReadOnlyList<Subscriber> Subscribers)
{
    /// <summary>The stage cues (stages.yaml); without that file, the first-ranked watch category stands in.</summary>
    public StageSet Stages { get; init; } = StageSet.WatchCategories;

    /// <summary>Which conflict a matched article is about and how long its truce thread stays open (stages.yaml's <c>threads:</c>).</summary>
    public ThreadRules Threads { get; init; } = ThreadRules.None;

    /// <summary>Every place a message goes (each subscriber's email and channels, with their own outbox ids), computed once per snapshot.</summary>
    public IReadOnlyList<Route> Routes { get; } = [.. Subscribers.SelectMany(s => s.Routes())];

    public IReadOnlyDictionary<string, string> FeedNames { get; } = Feeds.ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
}
