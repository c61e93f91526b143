namespace NewsWatcher.Core.Polling;

/// <summary>The one mapping between <see cref="PollStatus"/> and the label written to metrics and output.</summary>
public static class PollStatusLabels
{
    /// <summary>Every status, in declaration order.</summary>
    public static IReadOnlyList<PollStatus> All { get; } = Enum.GetValues<PollStatus>();

    /// <summary>ok, not_modified, deferred, gone, disabled, fetch_error, parse_error, store_error, store_unconfirmed, error.</summary>
    public static string ToLabel(this PollStatus status) => status switch
    {
        PollStatus.Ok => "ok",
        PollStatus.NotModified => "not_modified",
        PollStatus.Deferred => "deferred",
        PollStatus.Gone => "gone",
        PollStatus.Disabled => "disabled",
        PollStatus.FetchError => "fetch_error",
        PollStatus.ParseError => "parse_error",
        PollStatus.StoreError => "store_error",
        PollStatus.StoreUnconfirmed => "store_unconfirmed",
        PollStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a label stands for; false for an unknown label.</summary>
    public static bool TryParse(string? label, out PollStatus status) => EnumLabels.TryParse(label, ToLabel, out status);
}
