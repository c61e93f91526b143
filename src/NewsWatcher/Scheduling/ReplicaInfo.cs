namespace NewsWatcher.Scheduling;

/// <summary>One replica of the cluster as the Quartz tables see it: its id, host, last check-in and the jobs it is running.</summary>
internal sealed record ReplicaInfo(string InstanceId, string? Host, DateTimeOffset LastCheckin, TimeSpan CheckinInterval, int JobsRunning)
{
    /// <summary>Missed check-ins beyond the interval plus grace: the others are about to (or did) take over its work.</summary>
    public bool IsLate(DateTimeOffset now, TimeSpan grace) => now - LastCheckin > CheckinInterval + grace;
}
