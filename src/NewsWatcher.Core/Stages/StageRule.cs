using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Stages;

/// <summary>One editor-written cue: when <paramref name="Query"/> holds (and <paramref name="Unless"/> does not), the article shows <paramref name="Stage"/>.</summary>
/// <param name="Unless">A guard (hedge, negation, backdrop); the cue does not fire when it matches. Null when none.</param>
/// <param name="ActorAfter">The doer is named after the cue ("X accuses Y of violating"), not before it.</param>
public sealed record StageRule(string Id, string Stage, Query Query, Query? Unless = null, bool ActorAfter = false, int Line = 0);
