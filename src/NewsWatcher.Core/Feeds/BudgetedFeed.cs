namespace NewsWatcher.Core.Feeds;

/// <summary>One adaptive feed's part in the shared request budget: its learned rhythm, its default interval (what it would cost polled fixed) and its bounds.</summary>
public readonly record struct BudgetedFeed(PublicationRhythm Rhythm, TimeSpan DefaultInterval, TimeSpan Min, TimeSpan Max);
