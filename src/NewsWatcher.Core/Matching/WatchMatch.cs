namespace NewsWatcher.Core.Matching;

/// <summary>An article matched a watch; carries why (the matched terms).</summary>
/// <remarks>
/// A match made by <see cref="WatchSet.Match"/> reads its watch's fields and works out its terms only when they are first
/// read: deciding which of many watches match is the hot path, and with a million watches each watch read is a cache
/// miss, while most callers read few matches (a poll reads those it queues).
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
    private readonly string? _watchId = WatchId;
    private readonly string? _watchName = WatchName;
    private readonly string? _category = Category;
    private readonly WatchPriority? _priority = Priority;
    private IReadOnlyList<MatchedTerm>? _terms = Terms;

    internal WatchMatch(ArticleExplanation explanation, int index)
        : this(null!, null!, null!, default, null!)
    {
        _explanation = explanation;
        _index = index;
        _priority = null;
    }

    public string WatchId
    {
        get => _watchId ?? _explanation!.Watch(_index).Id;
        init => _watchId = value;
    }

    public string WatchName
    {
        get => _watchName ?? _explanation!.Watch(_index).Name;
        init => _watchName = value;
    }

    public string Category
    {
        get => _category ?? _explanation!.Watch(_index).Category;
        init => _category = value;
    }

    public WatchPriority Priority
    {
        get => _priority ?? _explanation!.Watch(_index).Priority;
        init => _priority = value;
    }

    public IReadOnlyList<MatchedTerm> Terms
    {
        get => _terms ??= _explanation!.Terms(_index);
        init => _terms = value;
    }

    /// <summary>Equal when they say the same: the same watch, by the same terms (however each was made).</summary>
    public bool Equals(WatchMatch? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (WatchId == other.WatchId && WatchName == other.WatchName && Category == other.Category
                && Priority == other.Priority && Terms.SequenceEqual(other.Terms)));

    public override int GetHashCode() => HashCode.Combine(WatchId, WatchName, Category, Priority);
}
