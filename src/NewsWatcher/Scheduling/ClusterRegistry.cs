using System.Text;
using NewsWatcher.Core.Cluster;
using Npgsql;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Reads the replicas from Quartz's scheduler state table, and keeps beside it one row per replica with its host and
/// config fingerprint (table <c>{prefix}nw_replicas</c>), so replicas can compare config and the status page can list them.
/// </summary>
internal sealed class ClusterRegistry
{
    /// <summary>A replica that published its row this recently (ms) counts as live before its first Quartz check-in.</summary>
    private const long JoinGrace = 120_000;

    private readonly SchedulerDatabase _database;

    public ClusterRegistry(SchedulerDatabase database)
    {
        _database = database;
    }

    /// <summary>This replica's id in the cluster, once the scheduler has started.</summary>
    public string? InstanceId { get; internal set; }

    private string Replicas => _database.Table("nw_replicas");

    private string SchedulerName => _database.Options.ClusterName;

    /// <summary>Creates the replicas table if missing (call under <see cref="SchedulerDatabase.LockAsync"/>).</summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.DataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {Replicas} (sched_name text not null, instance_name text not null, host text not null, started bigint not null, feeds text not null, subscribers text not null, primary key (sched_name, instance_name))");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records this replica's host and config; rows of replicas Quartz no longer knows are removed.</summary>
    public async Task PublishAsync(string instanceId, string host, DateTimeOffset started, ConfigFingerprint fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        await using var batch = _database.DataSource.CreateBatch();
        var upsert = new NpgsqlBatchCommand(
            $"INSERT INTO {Replicas} (sched_name, instance_name, host, started, feeds, subscribers) VALUES (@s, @i, @h, @t, @f, @u) " +
            "ON CONFLICT (sched_name, instance_name) DO UPDATE SET host = excluded.host, started = excluded.started, feeds = excluded.feeds, subscribers = excluded.subscribers");
        upsert.Parameters.AddWithValue("s", SchedulerName);
        upsert.Parameters.AddWithValue("i", instanceId);
        upsert.Parameters.AddWithValue("h", host);
        upsert.Parameters.AddWithValue("t", started.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("f", Encode(fingerprint.Feeds));
        upsert.Parameters.AddWithValue("u", Encode(fingerprint.Subscribers));
        batch.BatchCommands.Add(upsert);
        var prune = new NpgsqlBatchCommand(
            $"DELETE FROM {Replicas} r WHERE r.sched_name = @s AND r.instance_name <> @i AND r.started < @t - {JoinGrace} AND NOT EXISTS " +
            $"(SELECT 1 FROM {_database.Table("scheduler_state")} q WHERE q.sched_name = r.sched_name AND q.instance_name = r.instance_name)");
        prune.Parameters.AddWithValue("s", SchedulerName);
        prune.Parameters.AddWithValue("i", instanceId);
        prune.Parameters.AddWithValue("t", started.ToUnixTimeMilliseconds());
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The other live replicas (checked in with Quartz, or started moments ago and about to) and the config each runs with.</summary>
    public async Task<IReadOnlyList<(string InstanceId, string Host, ConfigFingerprint Fingerprint)>> PeersAsync(string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _database.DataSource.CreateCommand(
            $"SELECT r.instance_name, r.host, r.feeds, r.subscribers FROM {Replicas} r WHERE r.sched_name = $1 AND r.instance_name <> $2 AND (r.started >= $3 - {JoinGrace} OR EXISTS " +
            $"(SELECT 1 FROM {_database.Table("scheduler_state")} q WHERE q.sched_name = r.sched_name AND q.instance_name = r.instance_name)) ORDER BY r.instance_name");
        command.Parameters.Add(new NpgsqlParameter { Value = SchedulerName });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUnixTimeMilliseconds() });
        var peers = new List<(string, string, ConfigFingerprint)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            peers.Add((reader.GetString(0), reader.GetString(1), new ConfigFingerprint(Decode(reader.GetString(2)), Decode(reader.GetString(3)))));
        }

        return peers;
    }

    /// <summary>Removes this replica's row (a clean stop); Quartz removes its own state row itself.</summary>
    public async Task RemoveAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _database.DataSource.CreateCommand($"DELETE FROM {Replicas} WHERE sched_name = $1 AND instance_name = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = SchedulerName });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every replica Quartz knows (including ones that stopped checking in and are not yet recovered), with the jobs each runs now.</summary>
    public async Task<IReadOnlyList<ReplicaInfo>> ReplicasAsync(CancellationToken cancellationToken)
    {
        var state = _database.Table("scheduler_state");
        var fired = _database.Table("fired_triggers");
        await using var command = _database.DataSource.CreateCommand(
            $"SELECT q.instance_name, r.host, q.last_checkin_time, q.checkin_interval, " +
            $"(SELECT count(*) FROM {fired} f WHERE f.sched_name = q.sched_name AND f.instance_name = q.instance_name AND f.state = 'EXECUTING') " +
            $"FROM {state} q LEFT JOIN {Replicas} r ON r.sched_name = q.sched_name AND r.instance_name = q.instance_name " +
            "WHERE q.sched_name = $1 ORDER BY q.instance_name");
        command.Parameters.Add(new NpgsqlParameter { Value = SchedulerName });
        var replicas = new List<ReplicaInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            replicas.Add(new ReplicaInfo(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                QuartzTime(reader.GetInt64(2)),
                QuartzSpan(reader.GetInt64(3)),
                (int)reader.GetInt64(4)));
        }

        return replicas;
    }

    /// <summary>Quartz.NET stores instants as UTC ticks.</summary>
    internal static DateTimeOffset QuartzTime(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>Quartz.NET stores the check-in interval in milliseconds.</summary>
    internal static TimeSpan QuartzSpan(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static string Encode(IReadOnlyDictionary<string, string> hashes)
    {
        var text = new StringBuilder();
        foreach (var (id, hash) in hashes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Ids are configured names without line breaks; the hash never holds a tab.
            text.Append(id.Replace('\n', ' ')).Append('\t').Append(hash).Append('\n');
        }

        return text.ToString();
    }

    private static Dictionary<string, string> Decode(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
