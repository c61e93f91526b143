using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Http;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// Seeds the counter series alert rules need, then re-reads the status snapshot every Http:StatusRefreshInterval, so
/// the gauges move (and turn stale) even when nobody looks, and a scrape rarely has to read the store itself.
/// </summary>
internal sealed class StatusSnapshotRefresher : BackgroundService
{
    private readonly StatusSnapshotProvider _snapshots;
    private readonly NewsWatcherMetrics _metrics;
    private readonly EditorConfigProvider _config;
    private readonly HttpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StatusSnapshotRefresher> _logger;

    public StatusSnapshotRefresher(
        StatusSnapshotProvider snapshots, NewsWatcherMetrics metrics, EditorConfigProvider config, IOptions<HttpOptions> options, TimeProvider time, ILogger<StatusSnapshotRefresher> logger)
    {
        _logger = logger;
        _snapshots = snapshots;
        _metrics = metrics;
        _config = config;
        _options = options.Value;
        _time = time;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the listener answers its first scrape: every series exists, at zero, from the start.
        _metrics.SeedSeries(_config.Current);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Bounded by Http:StatusStoreTimeout, and a store failure only marks the snapshot stale.
                await _snapshots.RefreshAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A bug in one refresh must not stop the host (BackgroundService stops it on an escaped exception).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SnapshotRefreshCrashed(_logger, ex);
            }

            try
            {
                await Task.Delay(_options.StatusRefreshInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // stopping (also when the host is disposed without a stop): not a failure
            }
        }
    }
}
