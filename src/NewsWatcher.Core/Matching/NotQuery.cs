namespace NewsWatcher.Core.Matching;

/// <summary>Matches when the operand does not; contributes no spans (an absence has no place in the text).</summary>
public sealed record NotQuery(Query Operand) : Query
{
    public override int Depth { get; } = DepthOf([Operand]);

    public override int TermCount { get; } = Operand.TermCount;
}
