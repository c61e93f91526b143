namespace NewsWatcher.Core.Matching;

/// <summary>The one stage a matched article shows, why, how sure, and what it beat.</summary>
/// <param name="Actor">The named party that did it, where the text names one; null otherwise.</param>
/// <param name="Rule">The cue that decided; null when none fired and the stage is the fallback.</param>
/// <param name="RunnersUp">The best cue of every other stage that fired, in precedence order.</param>
/// <param name="Strength">How decisive <paramref name="Rule"/> was (<see cref="StageClaims.Score"/>); 0 when no cue fired.</param>
/// <param name="Withheld">The stage the cue pointed to when it was too weak to claim (the article then shows <paramref name="Stage"/> <c>other</c>); null when claimed.</param>
/// <param name="FromSummary">The cue fired in the summary only, not in the headline.</param>
/// <param name="WithheldBy">The neutral cue (<see cref="StageRule.Neutral"/>) that withheld the claim, whatever its strength; null when none did.</param>
public sealed record StageDecision(string Stage, string? Actor, StageCandidate? Rule, IReadOnlyList<StageCandidate> RunnersUp, double Strength = 0, string? Withheld = null, bool FromSummary = false, string? WithheldBy = null)
{
    /// <summary>"violation — Russia", or just the stage.</summary>
    public override string ToString() => Actor is null ? Stage : $"{Stage} — {Actor}";
}
