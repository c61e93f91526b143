namespace NewsWatcher.Core.Outbox;

/// <summary>Where an item of a message came from and since when a reader has waited for it (for the alert delay).</summary>
/// <param name="Since">Publication, or first-seen when the feed gave no date or a future one (<see cref="Core.Diagnostics.AlertDelay.Start"/>).</param>
/// <param name="Pushed">The item arrived by a WebSub push rather than a poll.</param>
public sealed record ItemOrigin(string FeedId, DateTimeOffset Since, bool Pushed);
