namespace NewsWatcher.Core.Matching;

/// <summary>Matches when at least one operand matches; every matching operand contributes its spans.</summary>
public sealed record OrQuery(IReadOnlyList<Query> Operands) : Query
{
    public override int Depth { get; } = DepthOf(Operands);

    public override int TermCount { get; } = TermsOf(Operands);
}
