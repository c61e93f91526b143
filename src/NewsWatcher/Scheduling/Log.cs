using Microsoft.Extensions.Logging;

namespace NewsWatcher.Scheduling;

internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Feed {FeedId} polls every {Interval}, first in {Jitter}")]
    public static partial void FeedScheduled(ILogger logger, string feedId, TimeSpan interval, TimeSpan jitter);

    [LoggerMessage(2001, LogLevel.Information, "Digest for {Subscriber}: {Cadence} ({TimeZone})")]
    public static partial void DigestScheduled(ILogger logger, string subscriber, string cadence, string timeZone);

    [LoggerMessage(2002, LogLevel.Information, "Schedule reconciled with the config: {Added} added, {Rescheduled} rescheduled, {Removed} removed, {Kept} kept")]
    public static partial void ScheduleReconciled(ILogger logger, int added, int rescheduled, int removed, int kept);

    [LoggerMessage(2003, LogLevel.Information, "Job {Job} removed: no longer in the config")]
    public static partial void JobRemoved(ILogger logger, string job);

    [LoggerMessage(2004, LogLevel.Information, "Replica {InstanceId} joined cluster {Cluster} ({Peers} other replicas running)")]
    public static partial void JoinedCluster(ILogger logger, string instanceId, string cluster, int peers);

    [LoggerMessage(2005, LogLevel.Warning, "Replica {InstanceId} runs a different config from replica {Peer} on {PeerHost}: {Difference}. The stored schedule follows the replica that started last, and a replica skips feeds and subscribers its own files lack: deploy the same config files to every replica")]
    public static partial void ConfigDiffers(ILogger logger, string instanceId, string peer, string peerHost, string difference);

    [LoggerMessage(2006, LogLevel.Warning, "Replica {InstanceId} could not remove its row from the replicas table; the next replica to start removes it")]
    public static partial void ReplicaRowNotRemoved(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(2007, LogLevel.Information, "Schedule stored in PostgreSQL (tables {TablePrefix}*, cluster {Cluster}, check-in every {CheckinInterval})")]
    public static partial void ClusteredSchedule(ILogger logger, string tablePrefix, string cluster, TimeSpan checkinInterval);

    [LoggerMessage(2008, LogLevel.Warning, "Replica {InstanceId} could not compare its config with the other replicas")]
    public static partial void ConfigNotCompared(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(2009, LogLevel.Information, "Digest schedule {Job} removed: no subscriber is due at those times any more")]
    public static partial void DigestUnscheduled(ILogger logger, string job);

    [LoggerMessage(2010, LogLevel.Warning, "Could not apply subscribers' own cadences to the digest schedule; the next sweep retries")]
    public static partial void DigestSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(2050, LogLevel.Error, "The scheduler's job store (PostgreSQL) does not answer: {Reason}. No polls or sends fire until it does")]
    public static partial void SchedulerStoreDown(ILogger logger, string reason);

    [LoggerMessage(2051, LogLevel.Information, "The scheduler's job store (PostgreSQL) answers again after {Outage}")]
    public static partial void SchedulerStoreBack(ILogger logger, TimeSpan outage);
}
