namespace NewsWatcher.Core.Polling;

/// <summary>One adaptive feed's part in the shared request budget: its learned rhythm, its default interval (what it would cost polled fixed) and its bounds.</summary>
/// <param name="Pushed">
/// Its WebSub hub pushes it, so it is polled only at the safety interval: it neither takes from the budget nor gives its
/// share to the polled feeds.
/// </param>
public readonly record struct BudgetedFeed(PublicationRhythm Rhythm, TimeSpan DefaultInterval, TimeSpan Min, TimeSpan Max, bool Pushed = false);
