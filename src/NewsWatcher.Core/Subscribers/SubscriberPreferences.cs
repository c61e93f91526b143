namespace NewsWatcher.Core.Subscribers;

/// <summary>
/// What a subscriber changed for one of their outboxes on the preferences page. An overlay on subscribers.yaml: each
/// field set here wins over the file; a field left null keeps following the file.
/// </summary>
public sealed record SubscriberPreferences
{
    public bool Unsubscribed { get; init; }

    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>
    /// Nothing is sent before this time; what matches meanwhile is kept and goes out as one digest when it passes. A
    /// time in the past means that digest is still to be sent; it is cleared once it has been.
    /// </summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>The cadence chosen (immediate, hourly, daily HH:mm); null keeps the file's.</summary>
    public string? Cadence { get; init; }

    /// <summary>The watches chosen; null keeps the file's.</summary>
    public IReadOnlyList<string>? Watches { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsPaused(DateTimeOffset now) => PausedUntil > now;

    /// <summary>The outbox with the overlay applied, <see cref="Subscriber.Held"/> while paused; null while unsubscribed (nothing is queued for it then).</summary>
    public Route? Apply(Route route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Unsubscribed ? null : IsPaused(now) ? Overlay(route) with { Held = true } : Overlay(route);
    }

    /// <summary>The pause is over but the digest of what it held has not gone out yet.</summary>
    public bool PauseEnded(DateTimeOffset now) => !Unsubscribed && PausedUntil <= now;

    /// <summary>The outbox with the chosen cadence and watches, whatever the pause and unsubscribe state.</summary>
    public Route Overlay(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var cadence = Cadence is null ? null : DigestCadence.Parse(Cadence);
        return route with
        {
            Cadence = cadence ?? route.Cadence,
            Watches = Watches ?? route.Watches,

            // Choosing watches on the page replaces the file's categories too: the page lists what is followed.
            Categories = Watches is null ? route.Categories : [],
        };
    }

    /// <summary>One line for check and the status page.</summary>
    public string Describe(DateTimeOffset now)
    {
        var parts = new List<string>();
        if (Unsubscribed)
        {
            parts.Add($"unsubscribed {UnsubscribedAt:yyyy-MM-dd HH:mm} UTC");
        }

        if (IsPaused(now))
        {
            parts.Add($"paused until {PausedUntil:yyyy-MM-dd HH:mm} UTC (news kept for one digest then)");
        }

        if (Cadence is not null)
        {
            parts.Add($"cadence {Cadence}");
        }

        if (Watches is not null)
        {
            parts.Add($"watches {string.Join(", ", Watches)}");
        }

        return parts.Count == 0 ? "no changes" : string.Join("; ", parts);
    }
}
