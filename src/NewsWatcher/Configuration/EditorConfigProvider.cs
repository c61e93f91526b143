using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Configuration;

/// <summary>
/// Holds the current editor configuration and the folder it came from. One instance per process.
/// Watch rules and stage cues are hot-reloaded: <see cref="Refresh"/> picks up a saved watches.yaml or stages.yaml, or keeps the last good rules when the edit is broken.
/// </summary>
public sealed class EditorConfigProvider
{
    private readonly Lock _reload = new();
    private readonly ILogger _logger;
    private readonly Action<bool>? _reloaded;
    private readonly string _watchesPath;
    private EditorConfig _current;
    private readonly string _stagesPath;
    private FileStamp _watchesStamp;
    private FileStamp _stagesStamp;

    /// <param name="reloaded">Told after each attempt to apply a changed watches.yaml: true when applied (the reload metric).</param>
    public EditorConfigProvider(string directory, EditorConfig initial, ILogger<EditorConfigProvider>? logger = null, Action<bool>? reloaded = null)
    {
        _reloaded = reloaded;
        Directory = Path.GetFullPath(directory);
        _current = initial;
        _logger = logger ?? NullLogger<EditorConfigProvider>.Instance;
        _watchesPath = Path.Combine(Directory, EditorConfigLoader.WatchesFileName);
        _watchesStamp = FileStamp.Of(_watchesPath);
        _stagesPath = Path.Combine(Directory, EditorConfigLoader.StagesFileName);
        _stagesStamp = FileStamp.Of(_stagesPath);
    }

    /// <summary>Absolute path of the config folder; relative feed file paths resolve against it.</summary>
    public string Directory { get; }

    public EditorConfig Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new, already validated configuration; polls in flight keep the one they started with.</summary>
    public void Replace(EditorConfig config) => Volatile.Write(ref _current, config);

    /// <summary>
    /// The current configuration, first reloading watches.yaml if it changed on disk since the last look (a stat per
    /// call, so each poll sees the latest save). A broken edit is logged with its positions once and the last good rules stay.
    /// </summary>
    public EditorConfig Refresh()
    {
        var stamp = FileStamp.Of(_watchesPath);
        var stagesStamp = FileStamp.Of(_stagesPath);
        lock (_reload)
        {
            // Stage cues use the lists of watches.yaml, so applying either file rebuilds them.
            var stagesSaved = stagesStamp != _stagesStamp;
            var rebuildStages = stagesSaved;
            _stagesStamp = stagesStamp;
            if (stamp == _watchesStamp)
            {
                if (stagesSaved)
                {
                    ReloadStages(report: true);
                }

                return Current;
            }

            _watchesStamp = stamp;
            var display = EditorConfigLoader.DisplayPath(Directory, EditorConfigLoader.WatchesFileName);
            var current = Current;
            try
            {
                var watches = WatchesFile.Parse(File.ReadAllText(_watchesPath), display);
                var errors = EditorConfigLoader.CheckFeedFilters(watches, current.Feeds, display).ToList();
                var ids = watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
                errors.AddRange(current.Subscribers.SelectMany(s => s.Watches
                    .Where(w => w != "*" && !ids.Contains(w))
                    .Select(w => new ConfigError(display, 0, 0, $"subscriber '{s.Email}' follows watch '{w}', which this file no longer has"))));
                if (errors.Count > 0)
                {
                    throw new ConfigException(errors);
                }

                Replace(current with { Watches = watches });
                Log.WatchesReloaded(_logger, display, watches.Watches.Count);
                _reloaded?.Invoke(true);
                rebuildStages |= stagesStamp != default;
            }
            catch (ConfigException ex)
            {
                Log.WatchesReloadFailed(_logger, display, string.Join(Environment.NewLine, ex.Errors));
                _reloaded?.Invoke(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.WatchesReloadFailed(_logger, display, ex.Message);
                _reloaded?.Invoke(false);
            }

            if (rebuildStages)
            {
                ReloadStages(report: stagesSaved);
            }

            return Current;
        }
    }

    /// <summary>Rebuilds the stage cues from stages.yaml (and the lists of watches.yaml); a broken edit keeps the last good cues.</summary>
    /// <param name="report">Log and count a success too (stages.yaml itself changed); a failure is always reported.</param>
    private void ReloadStages(bool report)
    {
        var display = EditorConfigLoader.DisplayPath(Directory, EditorConfigLoader.StagesFileName);
        var errors = new List<ConfigError>();
        var stages = EditorConfigLoader.LoadStages(Directory, errors);
        if (stages is null)
        {
            Log.StagesReloadFailed(_logger, display, string.Join(Environment.NewLine, errors));
            _reloaded?.Invoke(false);
            return;
        }

        if (!ReferenceEquals(stages, Current.Stages))
        {
            Replace(Current with { Stages = stages });
        }

        if (report)
        {
            Log.StagesReloaded(_logger, display, stages.Rules.Count);
            _reloaded?.Invoke(true);
        }
    }

    /// <summary>Enough to notice a save: the time it was written and its size.</summary>
    private readonly record struct FileStamp(DateTime WrittenUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
        }
    }
}
