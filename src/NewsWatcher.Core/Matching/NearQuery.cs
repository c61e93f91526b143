namespace NewsWatcher.Core.Matching;

/// <summary>
/// Matches when an occurrence of <paramref name="Left"/> and one of <paramref name="Right"/> lie in the same field with
/// at most <paramref name="Distance"/> words between them; with <paramref name="Ordered"/> the left one must come first.
/// </summary>
public sealed record NearQuery(Query Left, Query Right, int Distance, bool Ordered) : Query
{
    // A 'with' that swaps Left or Right keeps these; the parser only does so to scope a side, which changes neither.
    public override int Depth { get; } = DepthOf([Left, Right]);

    public override int TermCount { get; } = TermsOf([Left, Right]);
}
