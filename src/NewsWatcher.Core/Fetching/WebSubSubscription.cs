namespace NewsWatcher.Core.Fetching;

/// <summary>Where a subscription stands with its hub (W3C WebSub §5).</summary>
public enum WebSubState
{
    /// <summary>Asked the hub to subscribe; waiting for its verification of intent.</summary>
    Subscribing,

    /// <summary>The hub verified; notifications are accepted until <see cref="WebSubSubscription.LeaseEnds"/>.</summary>
    Active,

    /// <summary>Asked the hub to unsubscribe (the feed was removed or disabled); waiting for its verification.</summary>
    Unsubscribing,
}

/// <summary>
/// One feed's subscription at its hub, shared by every replica: what we asked for (hub, topic, the secret the hub signs
/// with) and where it stands. The decisions about it (answer a verification, renew, accept a notification) live here.
/// </summary>
/// <param name="FeedId">The feed the topic belongs to; the callback URL names it.</param>
/// <param name="Hub">The hub asked.</param>
/// <param name="Topic">The feed's self URL, as the hub knows it.</param>
/// <param name="Secret">The per-subscription secret the hub signs notifications with; never logged.</param>
public sealed record WebSubSubscription(string FeedId, Uri Hub, Uri Topic, string Secret)
{
    public WebSubState State { get; init; }

    /// <summary>When the hub's lease runs out (set by its verification); null before it verified.</summary>
    public DateTimeOffset? LeaseEnds { get; init; }

    /// <summary>When the hub last verified (the current lease began).</summary>
    public DateTimeOffset? LeaseStarted { get; init; }

    /// <summary>When we last asked the hub (subscribe, renew or unsubscribe).</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>Verified and within its lease: notifications are accepted and the feed is polled only at the safety interval.</summary>
    public bool IsActive(DateTimeOffset now) => State == WebSubState.Active && LeaseEnds > now;

    /// <summary>
    /// The hub's verification of intent (§5.3): the new state when <paramref name="mode"/> and <paramref name="topic"/>
    /// are what we asked for and the request is still waiting for it, null when not (the caller answers 404 and changes nothing).
    /// </summary>
    public WebSubSubscription? Verify(string? mode, string? topic, int? leaseSeconds, TimeSpan requestedLease, DateTimeOffset now)
    {
        if (!string.Equals(topic, Topic.ToString(), StringComparison.Ordinal))
        {
            return null;
        }

        return mode switch
        {
            // A renewal is a subscribe request while active: the hub verifies it the same way. Only while a request is
            // outstanding, so nobody else can move the lease (and so the renewal) by sending a verification of their own.
            "subscribe" when State == WebSubState.Subscribing || (State == WebSubState.Active && RequestedAt > LeaseStarted) =>
                this with { State = WebSubState.Active, LeaseStarted = now, LeaseEnds = now + (leaseSeconds is > 0 ? TimeSpan.FromSeconds(leaseSeconds.Value) : requestedLease) },
            "unsubscribe" when State == WebSubState.Unsubscribing => this with { LeaseEnds = null },
            _ => null,
        };
    }

    /// <summary>
    /// When to ask the hub again: an active lease is renewed when a tenth of it is left (at least a minute early, so a
    /// slow hub still verifies in time); a request the hub never verified is repeated after <paramref name="retry"/>.
    /// </summary>
    public DateTimeOffset RenewAt(TimeSpan retry)
    {
        // A renewal asked for and not yet verified waits like a first request; the old lease still holds meanwhile.
        if (State == WebSubState.Active && LeaseEnds is { } ends && LeaseStarted is { } started && started >= RequestedAt)
        {
            var lease = ends - started;
            var margin = TimeSpan.FromTicks(Math.Max(lease.Ticks / 10, TimeSpan.FromMinutes(1).Ticks));
            return ends - margin;
        }

        return RequestedAt + retry;
    }

    /// <summary>The subscription no longer matches what the feed says (another hub or self URL): subscribe afresh.</summary>
    public bool Differs(HubLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return links.Self != Topic || !links.Hubs.Contains(Hub);
    }
}
