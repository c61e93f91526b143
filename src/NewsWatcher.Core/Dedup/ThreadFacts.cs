namespace NewsWatcher.Core.Dedup;

/// <summary>What the feed stage knows about a matched article for threading: its conflict (null when its parties cannot tell it) and its development.</summary>
/// <param name="Stage">The stage <c>StageSet.Classify</c> gave it.</param>
/// <param name="Actor">The actor it gave, or null.</param>
/// <param name="Window">How long its thread stays open after the last development (<see cref="ThreadRules.Window"/>).</param>
public sealed record ThreadFacts(ThreadConflict? Conflict, string Stage, string? Actor, TimeSpan Window);
