namespace NewsWatcher.Core.Matching;

/// <summary>A stage cue that fired on an article: the rule, the terms that made it true, and the rule's strength.</summary>
public sealed record StageCandidate(string Stage, string RuleId, IReadOnlyList<MatchedTerm> Terms, double Strength = StageRule.FullStrength);
