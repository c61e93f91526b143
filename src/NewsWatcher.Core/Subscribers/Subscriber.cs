using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Core.Subscribers;

/// <summary>A person who receives alerts and digests, as declared in subscribers.yaml.</summary>
/// <param name="Id">Stable key for the store; derived from the lower-cased email.</param>
/// <param name="Watches">Watch ids followed; a single "*" means every watch.</param>
/// <param name="TimeZone">Resolved IANA time zone for digests, quiet hours and local times in mail.</param>
/// <param name="ImmediateUrgent">Urgent matches are sent as soon as they are found, not in the digest.</param>
public sealed record Subscriber(
    string Id,
    string Email,
    string Name,
    IReadOnlyList<string> Watches,
    DigestCadence Cadence,
    TimeZoneInfo TimeZone,
    bool ImmediateUrgent,
    int Line = 0)
{
    /// <summary>Watch categories followed (violation, talks, ...), in addition to <see cref="Watches"/>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Local hours during which alerts wait; null when alerts may go out at any time.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>Most stories listed in one message; the rest are summarised with a count. Null for no cap.</summary>
    public int? MaxItems { get; init; }

    /// <summary>Alerts per new development of a truce thread (the default) or per article.</summary>
    public AlertMode Alerts { get; init; } = AlertMode.Developments;

    /// <summary>When true (the default), a digest with nothing new is not sent at all.</summary>
    public bool SkipEmpty { get; init; } = true;

    /// <summary>Chat and webhook channels, each with its own outbox (and optionally its own cadence).</summary>
    public IReadOnlyList<ChannelSettings> Channels { get; init; } = [];

    /// <summary>False when the subscriber gets only their channels, no email.</summary>
    public bool SendEmail { get; init; } = true;

    /// <summary>
    /// Every place this subscriber's messages go, each with its own outbox: email (id = the subscriber's id) when
    /// <see cref="SendEmail"/>, then every channel (id = "subscriber/channel"), with the channel's cadence and
    /// <c>immediate</c> where it sets them.
    /// </summary>
    public IEnumerable<Route> Routes()
    {
        if (SendEmail)
        {
            yield return new Route(this);
        }

        foreach (var channel in Channels)
        {
            yield return new Route(this, channel);
        }
    }
}
