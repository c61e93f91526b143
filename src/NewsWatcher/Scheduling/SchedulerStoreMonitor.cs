using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Diagnostics;
using Npgsql;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Watches the clustered schedule's job store (PostgreSQL). While it does not answer, Quartz's scheduler still says
/// "running" but no poll or send fires on any replica; this is what readiness (<c>scheduler_store</c>) and the
/// <c>newswatcher_scheduler_store_up</c> gauge report. Checked every Scheduling:CheckinInterval, and at each readiness probe.
/// </summary>
internal sealed class SchedulerStoreMonitor : BackgroundService
{
    /// <summary>Longest wait for the database's answer; a store that takes longer is reported down.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly SchedulerDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<SchedulerStoreMonitor> _logger;
    private SchedulerStoreState? _state;

    public SchedulerStoreMonitor(SchedulerDatabase database, NewsWatcherMetrics metrics, TimeProvider time, ILogger<SchedulerStoreMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _database = database;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("newswatcher.scheduler.store.up", () => State is { } state
                ? [new Measurement<int>(state.Up ? 1 : 0)]
                : Array.Empty<Measurement<int>>(),
            description: "1 when the scheduler's job store (PostgreSQL, Scheduling:Database) answered its last check, 0 when it did not (no polls or sends fire then).");
    }

    /// <summary>The last check's result; null before the first.</summary>
    public SchedulerStoreState? State => Volatile.Read(ref _state);

    /// <summary>Asks the database now (at most <see cref="Timeout"/>) and records the answer.</summary>
    public async Task<SchedulerStoreState> CheckAsync(CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var started = _time.GetTimestamp();
        string? failure = null;
        try
        {
            // The job store's own table, so a missing schema or a revoked grant counts as down too.
            await using var command = _database.DataSource.CreateCommand($"SELECT count(*) FROM {_database.Table("scheduler_state")} WHERE sched_name = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = _database.Options.ClusterName });
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"no answer within {Timeout.TotalSeconds:0.#} s");
        }
#pragma warning disable CA1031 // Any failure to answer is the store being down: it is reported, and never stops the host.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            failure = ex.Message;
        }

        var now = _time.GetUtcNow();
        var last = State;
        SchedulerStoreState state;
        if (failure is null)
        {
            state = new SchedulerStoreState(true, string.Create(CultureInfo.InvariantCulture, $"PostgreSQL answered in {_time.GetElapsedTime(started).TotalMilliseconds:0} ms"), now, null);
            if (last is { Up: false })
            {
                Log.SchedulerStoreBack(_logger, now - last.DownSince!.Value);
            }
        }
        else
        {
            state = new SchedulerStoreState(false, $"PostgreSQL does not answer: {failure}; no polls or sends fire on this replica until it does", now, last is { Up: false } ? last.DownSince : now);
            if (last is null or { Up: true })
            {
                Log.SchedulerStoreDown(_logger, failure);
            }
        }

        Volatile.Write(ref _state, state);
        return state;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _database.Options.CheckinInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(stoppingToken).ConfigureAwait(false);
            await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The job store's state at one check.</summary>
/// <param name="DownSince">When the checks started failing; null while it answers.</param>
internal sealed record SchedulerStoreState(bool Up, string Reason, DateTimeOffset CheckedAt, DateTimeOffset? DownSince);
