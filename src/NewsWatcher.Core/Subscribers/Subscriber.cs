using NewsWatcher.Core.Channels;
using NewsWatcher.Core.Watches;

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

    public bool Follows(string watchId) => Watches.Contains(FollowedWatches.All) || Watches.Contains(watchId, StringComparer.Ordinal);

    /// <summary>Follows the match's watch, or its category.</summary>
    public bool Follows(WatchMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return Follows(match.WatchId) || Categories.Contains(match.Category, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Chat and webhook channels, each with its own outbox (and optionally its own cadence).</summary>
    public IReadOnlyList<ChannelSettings> Channels { get; init; } = [];

    /// <summary>False when the subscriber gets only their channels, no email.</summary>
    public bool SendEmail { get; init; } = true;

    /// <summary>Set on one of <see cref="Routes"/>: the channel this view delivers to; null for email.</summary>
    public ChannelSettings? Channel { get; init; }

    /// <summary>
    /// The reader paused this outbox: every match waits in the digest outbox (none goes out as an alert) and the whole
    /// of it is sent as one digest when the pause ends.
    /// </summary>
    public bool Held { get; init; }

    /// <summary>True for a view from <see cref="Routes"/>: it stands for that one outbox.</summary>
    public bool IsRoute { get; init; }

    /// <summary>The transport name: email, or the channel's type (webhook, slack, ...; see <see cref="ChannelKinds"/>).</summary>
    public string Transport => Channel?.TypeName ?? "email";

    /// <summary>
    /// This outbox in a word or two, for pages: "email", "slack", or "webhook ops-hook" when the channel has an id of its
    /// own (the id is the type unless one is given, and "webhook webhook" says nothing twice).
    /// </summary>
    public string OutboxName => Channel is null ? "email"
        : string.Equals(Channel.Id, Channel.TypeName, StringComparison.Ordinal) ? Channel.TypeName
        : $"{Channel.TypeName} {Channel.Id}";

    /// <summary>Who, for logs and pages: the address, and the channel when it is not email.</summary>
    public string Label => Channel is null ? Email : $"{Email} via {Channel.Id}";

    /// <summary>
    /// One view per place this subscriber's messages go, each with its own outbox: email (id = the subscriber's id)
    /// when <see cref="SendEmail"/>, then every channel (id = "subscriber/channel"), with the channel's cadence and
    /// <c>immediate</c> where it sets them.
    /// </summary>
    public IEnumerable<Subscriber> Routes()
    {
        if (IsRoute)
        {
            yield return this;
            yield break;
        }

        if (SendEmail)
        {
            yield return this with { IsRoute = true };
        }

        foreach (var channel in Channels)
        {
            yield return this with
            {
                Id = RouteId(Id, channel.Id),
                Cadence = channel.Cadence ?? Cadence,
                ImmediateUrgent = channel.Immediate ?? ImmediateUrgent,
                Channel = channel,
                IsRoute = true,
            };
        }
    }

    /// <summary>The outbox id of a subscriber's channel.</summary>
    public static string RouteId(string subscriberId, string channelId) => $"{subscriberId}/{channelId}";

    /// <summary>Whether urgent (or, for the immediate cadence, all) matches go out as alerts rather than in the digest.</summary>
    public bool WantsAlerts => ImmediateUrgent || Cadence.Kind == DigestCadenceKind.Immediate;
}
