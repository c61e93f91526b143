using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Section "Scheduling": where the schedule lives. Empty <see cref="Database"/> keeps it in memory (one node); a
/// PostgreSQL connection string puts it in Quartz's persistent job store, and every replica on that database joins one cluster.
/// </summary>
internal sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Default check-in interval: with the same misfire threshold a dead replica is noticed within about 15-20 s.</summary>
    public static readonly TimeSpan DefaultCheckinInterval = TimeSpan.FromSeconds(7.5);

    /// <summary>Npgsql connection string (e.g. <c>Host=db;Database=newswatcher;Username=newswatcher</c>); empty = in-memory schedule.</summary>
    public string Database { get; set; } = "";

    /// <summary>A file holding the database password (a mounted secret); wins over a password in <see cref="Database"/>.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>Prefix of the Quartz tables, so several deployments can share one database (optionally schema-qualified: <c>ops.qrtz_</c>).</summary>
    [Required]
    [RegularExpression("^([a-z_][a-z0-9_]{0,30}\\.)?[a-z_][a-z0-9_]{0,30}$")]
    public string TablePrefix { get; set; } = "qrtz_";

    /// <summary>The cluster's name: replicas with the same database, prefix and name share one schedule.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ClusterName { get; set; } = "NewsWatcher";

    /// <summary>This replica's id in the cluster; empty = generated (host name plus a unique suffix), which is what replicas normally want.</summary>
    [RegularExpression("^[A-Za-z0-9_.:-]{0,100}$")]
    public string InstanceId { get; set; } = "";

    /// <summary>How often a replica records that it is alive; others recover its work once it has missed this plus the threshold.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CheckinInterval { get; set; } = DefaultCheckinInterval;

    /// <summary>Extra grace after a missed check-in before a replica is declared dead.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = DefaultCheckinInterval;

    /// <summary>How many jobs (polls, sends) one replica runs at the same time.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>True when the schedule is shared through PostgreSQL.</summary>
    public bool Clustered => !string.IsNullOrWhiteSpace(Database);
}
