namespace NewsWatcher.Core.Matching;

/// <summary>Matches when every operand matches.</summary>
public sealed record AndQuery(IReadOnlyList<Query> Operands) : Query
{
    public override int Depth { get; } = DepthOf(Operands);

    public override int TermCount { get; } = TermsOf(Operands);
}
