namespace NewsWatcher.Core.Dedup;

/// <summary>Another outlet's article on the same story, folded into one digest entry ("also reported by …").</summary>
public sealed record StorySource(string FeedId, string Title, string? Link, DateTimeOffset Published);
