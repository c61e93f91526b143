using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Configuration;

/// <summary>
/// Reloads watches.yaml when the file itself changes (a change notification, debounced, plus a periodic check), on its
/// own thread: polls only read the rules in use and never wait for a compile; a new rule set is swapped in whole.
/// </summary>
internal sealed class WatchesReloader : BackgroundService
{
    private readonly EditorConfigProvider _config;
    private readonly RulesReloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WatchesReloader> _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public WatchesReloader(EditorConfigProvider config, IOptions<RulesReloadOptions> options, TimeProvider time, ILogger<WatchesReloader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _config = config;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = _options.WatchFile ? Watch() : null;
        try
        {
            // The files in use at start are not checked again until they change: say now which examples do not hold.
            _config.LogFailingExamples();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ReloadCheckFailed(_logger, _config.WatchesPath, ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await WaitForChangeAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Settle: an editor's save is often a truncate and several writes, or a write and a rename.
                    do
                    {
                        await Task.Delay(_options.Debounce, _time, stoppingToken).ConfigureAwait(false);
                    }
                    while (await _changed.WaitAsync(0, stoppingToken).ConfigureAwait(false));
                }

                _config.ReloadIfChanged();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A reload that fails unexpectedly keeps the rules in use; the next change or check tries again.
                Log.ReloadCheckFailed(_logger, _config.WatchesPath, ex);
            }
        }
    }

    /// <summary>True when a change notification came, false when the periodic check is due.</summary>
    private async Task<bool> WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var check = Task.Delay(_options.CheckInterval, _time, wait.Token);
        var changed = _changed.WaitAsync(wait.Token);
        var first = await Task.WhenAny(check, changed).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();

        // The wait for a change may have completed just as the check came due: that change is taken now.
        return first == changed || changed.IsCompletedSuccessfully;
    }

    private FileSystemWatcher? Watch()
    {
        try
        {
            var watcher = new FileSystemWatcher(_config.Directory, EditorConfigLoader.WatchesFileName)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            watcher.Filters.Add(EditorConfigLoader.StagesFileName);
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, e) =>
            {
                Log.FileWatchFailed(_logger, _config.WatchesPath, e.GetException().Message);
                Signal();
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // inotify instances can run out; the periodic check still sees every save.
            Log.FileWatchFailed(_logger, _config.WatchesPath, ex.Message);
            return null;
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A change is already pending; one reload covers both.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
