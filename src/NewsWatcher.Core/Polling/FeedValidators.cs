namespace NewsWatcher.Core.Polling;

/// <summary>What a feed's server told us last time, for a conditional GET.</summary>
public sealed record FeedValidators(string? ETag, string? LastModified);
