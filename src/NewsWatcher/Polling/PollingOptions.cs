using System.ComponentModel.DataAnnotations;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Polling;

namespace NewsWatcher.Polling;

/// <summary>Section "Polling": defaults for feed schedules.</summary>
internal sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>Interval for feeds that set none in feeds.yaml; within the same bounds as an interval written there.</summary>
    [Range(typeof(TimeSpan), FeedsFile.MinimumIntervalText, FeedsFile.MaximumIntervalText)]
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest random delay before a feed's first poll, so feeds don't all fire together (capped at the feed's interval).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Shortest wait between polls of an adaptive feed that sets no min_interval, in its busiest hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between polls of an adaptive feed that sets no max_interval, when it is quiet (at least four of its intervals).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Adaptive polls one host gets at most per hour, shared by its feeds (0: no budget): raises their shortest wait.</summary>
    [Range(0, 100_000)]
    public int HostRequestsPerHour { get; set; } = 120;

    /// <summary>How often alerts waiting in outboxes are sent and failed sends retried; a poll that queues an alert runs this sweep at once.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between polls of a failing feed; failures in a row double the interval up to this.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many feeds the <c>once</c> command polls at the same time.</summary>
    [Range(1, 64)]
    public int OnceConcurrency { get; set; } = 4;

    /// <summary>How often a feed whose WebSub hub pushes to us is still polled, so a silent hub loses nothing.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PushedInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The interval and backoff rules these settings give: the scheduler and the poller both ask this one policy.</summary>
    public PollPolicy CreatePollPolicy() => new(DefaultInterval, MaxBackoff, MinInterval, MaxInterval, HostRequestsPerHour);
}
