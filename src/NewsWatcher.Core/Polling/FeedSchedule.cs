using System.Globalization;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Core.Polling;

/// <summary>
/// What <c>feeds</c> and the status page say about a feed's polling: its next poll and why, the rhythm learned from its
/// items, and whether a WebSub hub pushes it (and until when). Pure: one wording for both.
/// </summary>
/// <param name="NextPoll">When the feed is polled next; null when it is not polled (disabled, gone) or not yet scheduled.</param>
/// <param name="Why">Why then (the interval, the rhythm, a server's wait, a backoff, the push safety net).</param>
/// <param name="Rhythm">The learned rhythm, and whether the feed follows it (adaptive) or keeps its interval.</param>
/// <param name="Push">The feed's WebSub subscription: none, subscribing, pushed until the lease ends, or lapsed.</param>
public sealed record FeedSchedule(DateTimeOffset? NextPoll, string Why, string Rhythm, string Push)
{
    public static FeedSchedule Of(FeedDefinition feed, FeedHealth health, PollPolicy policy, WebSubSubscription? push, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(policy);
        var gone = health.GoneUrl == feed.Url;
        var next = feed.Enabled && !gone ? policy.NextPoll(feed, health) : null;
        var why = next is { } due ? policy.WaitReason(feed, health, due) : "-";
        var learned = health.Rhythm?.Describe() ?? "not learned yet";
        var rhythm = feed.Adaptive ? learned : $"fixed interval (adaptive: off); learned {learned}";
        return new FeedSchedule(next, why, rhythm, Describe(push, now));
    }

    private static string Describe(WebSubSubscription? push, DateTimeOffset now) => push switch
    {
        null => "no hub",
        { State: WebSubState.Subscribing } s => $"subscribing at {s.Hub.Host} since {Time(s.RequestedAt)}",
        { State: WebSubState.Unsubscribing } s => $"unsubscribing at {s.Hub.Host}",
        var s when s.IsActive(now) => $"pushed by {s.Hub.Host}, lease ends {Time(s.LeaseEnds!.Value)}",
        var s => $"lease at {s.Hub.Host} ended {(s.LeaseEnds is { } ended ? Time(ended) : "-")}: polled until renewed",
    };

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
