using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Stages;

/// <summary>A stage cue that fired on an article: the rule and the terms that made it true.</summary>
public sealed record StageCandidate(string Stage, string RuleId, IReadOnlyList<MatchedTerm> Terms);
