using System.Globalization;

namespace NewsWatcher.Core.Dedup;

/// <summary>One step of a truce thread: a (stage, actor) pair first reported at <paramref name="At"/> by its lead article.</summary>
/// <param name="Actor">Who proposed, accepted, rejected or violated; null when no party is named (or the stage names none).</param>
/// <param name="SourceCount">Articles that reported it, the lead included.</param>
/// <param name="SourceKeys">"feed\nid" of the articles counted (capped), so a retried write counts none twice.</param>
public sealed record ThreadDevelopment(string Stage, string? Actor, DateTimeOffset At, string Title, string? Link, string FeedId, int SourceCount, IReadOnlyList<string> SourceKeys)
{
    /// <summary>Article keys remembered per development; further sources past this are still counted.</summary>
    public const int MaxSourceKeys = 20;

    /// <summary>"Proposed — United States": the short past-tense label the history line uses.</summary>
    public string Label => Actor is { Length: > 0 } actor ? $"{StageLabel(Stage)} — {actor}" : StageLabel(Stage);

    /// <summary>"Proposed — United States, 11 Mar" in the reader's time zone.</summary>
    public string ShortLine(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return $"{Label}, {TimeZoneInfo.ConvertTime(At, zone).ToString("d MMM", CultureInfo.InvariantCulture)}";
    }

    /// <summary>The past-tense word for a stage: "proposal" is "Proposed".</summary>
    public static string StageLabel(string stage) => stage switch
    {
        "proposal" => "Proposed",
        "acceptance" => "Accepted",
        "rejection" => "Rejected",
        "agreement" => "Agreed",
        "violation" => "Violated",
        "talks" => "Talks",
        "exchange" => "Exchange",
        "humanitarian" => "Humanitarian",
        _ => "Reported",
    };
}
