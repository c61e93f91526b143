namespace NewsWatcher.Core.Matching;

/// <summary>One editor-written cue: when <paramref name="Query"/> holds (and <paramref name="Unless"/> does not), the article shows <paramref name="Stage"/>.</summary>
/// <param name="Unless">A guard (hedge, negation, backdrop); the cue does not fire when it matches. Null when none.</param>
/// <param name="ActorAfter">The doer is named after the cue ("X accuses Y of violating"), not before it.</param>
/// <param name="Strength">How sure the cue is of its stage when it fires alone in a headline, in (0, 1]: 1 for a cue that names the development ("rejects the truce"), less for one that only suggests it.</param>
/// <param name="Neutral">A cue of stage other that withholds any claim made beside it: the text asks about or explains a development ("What would a longer truce take?") rather than reports one.</param>
public sealed record StageRule(string Id, string Stage, Query Query, Query? Unless = null, bool ActorAfter = false, int Line = 0, double Strength = StageRule.FullStrength, bool Neutral = false)
{
    public const double FullStrength = 1.0;
}
