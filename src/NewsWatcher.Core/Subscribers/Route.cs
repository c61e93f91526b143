using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Subscribers;

/// <summary>
/// One place a subscriber's messages go, with an outbox of its own: their email, or one of their channels. A channel may
/// set its own cadence and <c>immediate</c>; a reader's preferences (cadence, watches, a pause) apply per route.
/// </summary>
public sealed record Route
{
    public Route(Subscriber subscriber, ChannelSettings? channel = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Subscriber = subscriber;
        Channel = channel;
        Id = channel is null ? subscriber.Id : RouteId(subscriber.Id, channel.Id);
        Cadence = channel?.Cadence ?? subscriber.Cadence;
        ImmediateUrgent = channel?.Immediate ?? subscriber.ImmediateUrgent;
        Watches = subscriber.Watches;
        Categories = subscriber.Categories;
        SkipEmpty = subscriber.SkipEmpty;
    }

    /// <summary>Whose route this is, as declared in subscribers.yaml.</summary>
    public Subscriber Subscriber { get; init; }

    /// <summary>The chat or webhook channel; null for email.</summary>
    public ChannelSettings? Channel { get; init; }

    /// <summary>The outbox id: the subscriber's id for email, "subscriber/channel" for a channel.</summary>
    public string Id { get; init; }

    public DigestCadence Cadence { get; init; }

    /// <summary>Urgent matches are sent as soon as they are found, not in the digest.</summary>
    public bool ImmediateUrgent { get; init; }

    /// <summary>Watch ids followed; a single "*" means every watch.</summary>
    public IReadOnlyList<string> Watches { get; init; }

    /// <summary>Watch categories followed, in addition to <see cref="Watches"/>.</summary>
    public IReadOnlyList<string> Categories { get; init; }

    /// <summary>
    /// The reader paused this outbox: every match waits in the digest outbox (none goes out as an alert) and the whole
    /// of it is sent as one digest when the pause ends.
    /// </summary>
    public bool Held { get; init; }

    public string Email => Subscriber.Email;

    public string Name => Subscriber.Name;

    public TimeZoneInfo TimeZone => Subscriber.TimeZone;

    public QuietHours? QuietHours => Subscriber.QuietHours;

    public int? MaxItems => Subscriber.MaxItems;

    public AlertMode Alerts => Subscriber.Alerts;

    /// <summary>When true (the default), a digest with nothing new is not sent at all.</summary>
    public bool SkipEmpty { get; init; }

    /// <summary>The transport name: email or the channel's kind.</summary>
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

    /// <summary>Whether urgent (or, for the immediate cadence, all) matches go out as alerts rather than in the digest.</summary>
    public bool WantsAlerts => ImmediateUrgent || Cadence.Kind == DigestCadenceKind.Immediate;

    public bool Follows(string watchId) => Watches.Contains(FollowedWatches.All) || Watches.Contains(watchId, StringComparer.Ordinal);

    /// <summary>Follows the match's watch, or its category.</summary>
    public bool Follows(WatchMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return Follows(match.WatchId) || Categories.Contains(match.Category, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The outbox id of a subscriber's channel.</summary>
    public static string RouteId(string subscriberId, string channelId) => $"{subscriberId}/{channelId}";
}
