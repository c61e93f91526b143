namespace NewsWatcher.Core.Watches;

/// <summary>An article matched a watch; carries why (the matched terms).</summary>
/// <remarks>
/// A match made by <see cref="WatchSet.Match"/> works out its terms only when they are first read: deciding which of many
/// watches match is the hot path, and most callers read the terms of few matches (a poll reads those it queues).
/// </remarks>
public sealed record WatchMatch(
    string WatchId,
    string WatchName,
    string Category,
    WatchPriority Priority,
    IReadOnlyList<MatchedTerm> Terms)
{
    private readonly ArticleExplanation? _explanation;
    private readonly int _index;
    private IReadOnlyList<MatchedTerm>? _terms = Terms;

    internal WatchMatch(Watch watch, ArticleExplanation explanation, int index)
        : this(watch.Id, watch.Name, watch.Category, watch.Priority, null!)
    {
        _explanation = explanation;
        _index = index;
    }

    public IReadOnlyList<MatchedTerm> Terms
    {
        get => _terms ??= _explanation!.Terms(_index);
        init => _terms = value;
    }
}
