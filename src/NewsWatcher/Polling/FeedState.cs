using NewsWatcher.Core.Polling;

namespace NewsWatcher.Polling;

/// <summary>Everything the store keeps about one feed, read in one round trip.</summary>
internal sealed record FeedState(FeedValidators? Validators, FeedHealth Health);
