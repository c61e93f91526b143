namespace NewsWatcher.Core.Parsing;

/// <summary>The one mapping between <see cref="FeedParseStatus"/> and the label written to output.</summary>
public static class FeedParseStatusLabels
{
    /// <summary>Every status, in declaration order.</summary>
    public static IReadOnlyList<FeedParseStatus> All { get; } = Enum.GetValues<FeedParseStatus>();

    /// <summary>ok, recovered, rejected.</summary>
    public static string ToLabel(this FeedParseStatus status) => status switch
    {
        FeedParseStatus.Ok => "ok",
        FeedParseStatus.Recovered => "recovered",
        FeedParseStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a label stands for; false for an unknown label.</summary>
    public static bool TryParse(string? label, out FeedParseStatus status) => EnumLabels.TryParse(label, ToLabel, out status);
}
