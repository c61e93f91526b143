namespace NewsWatcher.Core.Stages;

/// <summary>The one stage a matched article shows, why, and what it beat.</summary>
/// <param name="Actor">The named party that did it, where the text names one; null otherwise.</param>
/// <param name="Rule">The cue that decided; null when none fired and the stage is the fallback.</param>
/// <param name="RunnersUp">The best cue of every other stage that fired, in precedence order.</param>
public sealed record StageDecision(string Stage, string? Actor, StageCandidate? Rule, IReadOnlyList<StageCandidate> RunnersUp)
{
    /// <summary>"violation — Russia", or just the stage.</summary>
    public override string ToString() => Actor is null ? Stage : $"{Stage} — {Actor}";
}
