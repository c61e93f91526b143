namespace NewsWatcher.Core.Matching;

/// <summary>
/// When a stage decision is sure enough to be claimed in a subject line (config/stages.yaml <c>claims:</c>). Below
/// <see cref="Threshold"/> the article is shown under the neutral heading (stage <c>other</c>): a neutral subject costs
/// a reader less than a wrong one.
/// </summary>
/// <param name="Threshold">The least strength shown as a specific stage; 0 claims every decision.</param>
/// <param name="SummaryFactor">Strength kept by a cue that fired only in the summary (the headline leads with something else).</param>
/// <param name="ContestFactor">Share of the strongest runner-up's strength taken off the winner's (a headline that also reads as another development is less decisive).</param>
public sealed record StageClaims(double Threshold = StageClaims.DefaultThreshold, double SummaryFactor = StageClaims.DefaultSummaryFactor, double ContestFactor = StageClaims.DefaultContestFactor)
{
    public const double DefaultThreshold = 0.5;
    public const double DefaultSummaryFactor = 0.6;
    public const double DefaultContestFactor = 0.25;

    /// <summary>Every decision is claimed, however weak (the behaviour before claims existed).</summary>
    public static StageClaims All { get; } = new(0, 1, 0);

    /// <summary>How decisive a winning cue of <paramref name="strength"/> is, read in the summary only or not, against its strongest runner-up.</summary>
    public double Score(double strength, bool summaryOnly, double strongestRunnerUp) =>
        Math.Round(strength * (summaryOnly ? SummaryFactor : 1) * (1 - (ContestFactor * strongestRunnerUp)), 3);
}
