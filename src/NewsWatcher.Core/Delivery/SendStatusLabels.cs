namespace NewsWatcher.Core.Delivery;

/// <summary>The one mapping between <see cref="SendStatus"/> and the label written to output.</summary>
public static class SendStatusLabels
{
    /// <summary>Every status, in declaration order.</summary>
    public static IReadOnlyList<SendStatus> All { get; } = Enum.GetValues<SendStatus>();

    /// <summary>sent, nothing, quiet, waiting, deferred, failed, error, split, unsubscribed, paused.</summary>
    public static string ToLabel(this SendStatus status) => status switch
    {
        SendStatus.Sent => "sent",
        SendStatus.Nothing => "nothing",
        SendStatus.Quiet => "quiet",
        SendStatus.Waiting => "waiting",
        SendStatus.Deferred => "deferred",
        SendStatus.Failed => "failed",
        SendStatus.Error => "error",
        SendStatus.Split => "split",
        SendStatus.Unsubscribed => "unsubscribed",
        SendStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The <c>kind</c> label of the failed-sends metric (transient, permanent, error); null when the send did not fail.</summary>
    public static string? FailureKind(this SendStatus status) => status switch
    {
        SendStatus.Deferred => "transient",
        SendStatus.Failed => "permanent",
        SendStatus.Error => "error",
        _ => null,
    };

    /// <summary>The status a label stands for; false for an unknown label.</summary>
    public static bool TryParse(string? label, out SendStatus status) => EnumLabels.TryParse(label, ToLabel, out status);
}
