namespace NewsWatcher.Core.Subscribers;

public enum DigestCadenceKind
{
    Hourly,
    Daily,
}

/// <summary>When a subscriber's digest goes out: hourly on the hour, or daily at a local time.</summary>
/// <param name="At">Local time of day for daily digests (in the subscriber's time zone).</param>
public sealed record DigestCadence(DigestCadenceKind Kind, TimeOnly At = default)
{
    public static DigestCadence Hourly { get; } = new(DigestCadenceKind.Hourly);

    public static DigestCadence DailyAt(TimeOnly at) => new(DigestCadenceKind.Daily, at);

    public override string ToString() => Kind == DigestCadenceKind.Hourly ? "hourly" : $"daily at {At:HH\\:mm}";
}
