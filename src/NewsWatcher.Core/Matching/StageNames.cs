namespace NewsWatcher.Core.Matching;

/// <summary>The nine development stages of the labelling guideline, in its precedence order.</summary>
public static class StageNames
{
    public const string Proposal = "proposal";
    public const string Acceptance = "acceptance";
    public const string Rejection = "rejection";
    public const string Agreement = "agreement";
    public const string Violation = "violation";
    public const string Talks = "talks";
    public const string Exchange = "exchange";
    public const string Humanitarian = "humanitarian";
    public const string Other = "other";

    /// <summary>When two current developments appear, the earlier one here wins (the guideline's order).</summary>
    public static IReadOnlyList<string> Precedence { get; } =
        [Violation, Rejection, Acceptance, Agreement, Exchange, Humanitarian, Proposal, Talks, Other];

    /// <summary>Stages that have a doer worth naming beside them ("Truce accepted — Russia").</summary>
    public static IReadOnlyList<string> WithActor { get; } = [Proposal, Acceptance, Rejection, Violation];

    public static bool IsKnown(string? stage) => stage is not null && Precedence.Contains(stage, StringComparer.Ordinal);
}
