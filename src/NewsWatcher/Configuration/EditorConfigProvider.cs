using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Configuration;

/// <summary>
/// Holds the current editor configuration and the folder it came from. One instance per process.
/// Watch rules and stage cues are hot-reloaded: <see cref="ReloadIfChanged"/> (called by <see cref="WatchesReloader"/> when
/// either file changes) compiles a saved watches.yaml or stages.yaml and swaps it in whole, or keeps the last good rules
/// when the edit is broken.
/// </summary>
internal sealed class EditorConfigProvider
{
    private readonly Lock _reload = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<bool, TimeSpan>? _reloaded;
    private EditorConfig _current;
    private readonly WatchedFile _watchesFile;
    private readonly WatchedFile _stagesFile;
    private byte[] _watchesHash;

    /// <summary>watches.yaml as last applied, so its examples are checked without reading the file again (it may be a pipe).</summary>
    private string? _watchesText;

    /// <param name="reloaded">
    /// Told after each attempt to apply a changed watches.yaml: true when applied, and how long reading, parsing and
    /// compiling took (the reload metrics).
    /// </param>
    public EditorConfigProvider(string directory, EditorConfig initial, TimeProvider time, ILogger<EditorConfigProvider> logger, Action<bool, TimeSpan>? reloaded = null)
    {
        _reloaded = reloaded;
        Directory = Path.GetFullPath(directory);
        _current = initial;
        _time = time;
        _logger = logger;
        WatchesPath = Path.Combine(Directory, EditorConfigLoader.WatchesFileName);
        _watchesFile = new WatchedFile(WatchesPath, seenNow: true);
        _watchesHash = HashOf(WatchesPath);
        StagesPath = Path.Combine(Directory, EditorConfigLoader.StagesFileName);
        _stagesFile = new WatchedFile(StagesPath, seenNow: true);
    }

    /// <summary>Absolute path of the config folder; relative feed file paths resolve against it.</summary>
    public string Directory { get; }

    /// <summary>Absolute path of watches.yaml.</summary>
    public string WatchesPath { get; }

    /// <summary>Absolute path of stages.yaml (the stage cues; optional).</summary>
    public string StagesPath { get; }

    /// <summary>The configuration in use: a plain read, so a poll never waits for a reload.</summary>
    public EditorConfig Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new, already validated configuration; polls in flight keep the one they started with.</summary>
    public void Replace(EditorConfig config) => Volatile.Write(ref _current, config);

    /// <summary>
    /// Reloads watches.yaml or stages.yaml if either changed on disk since the last look (watches.yaml by its time and
    /// size first, then its content, so a touch is not a reload). A broken edit is logged with its positions once per
    /// save and the last good rules stay. Stage cues use the lists of watches.yaml, so applying either file rebuilds them.
    /// </summary>
    /// <returns>True when a changed file was read (applied or refused), false when nothing changed.</returns>
    public bool ReloadIfChanged()
    {
        lock (_reload)
        {
            var stagesSaved = _stagesFile.Changed();
            var read = stagesSaved;
            var rebuildStages = stagesSaved;
            var applied = false;
            if (_watchesFile.Changed())
            {
                var watches = ReloadWatches();
                read |= watches is not null;
                applied |= watches == true;
                rebuildStages |= watches == true && _stagesFile.Exists;
            }

            if (rebuildStages)
            {
                applied |= ReloadStages(report: stagesSaved);
            }

            if (applied)
            {
                LogFailingExamples();
            }

            return read;
        }
    }

    /// <summary>
    /// Logs a warning listing the editors' examples (watches.yaml and stages.yaml) that do not hold with the rules in
    /// use. Only a warning: a file is never refused for its examples (<c>check</c> is where they fail).
    /// </summary>
    public void LogFailingExamples()
    {
        var current = Current;
        var (_, errors) = EditorConfigLoader.CheckExamples(Directory, current.Watches, current.Stages, Volatile.Read(ref _watchesText));
        if (errors.Count > 0)
        {
            Log.ExamplesFailed(_logger, errors.Count, string.Join(Environment.NewLine, errors));
        }
    }

    /// <summary>Reads a changed watches.yaml: null when its content is what is in use, else whether it was applied.</summary>
    private bool? ReloadWatches()
    {
        var display = EditorConfigLoader.DisplayPath(Directory, EditorConfigLoader.WatchesFileName);
        var current = Current;
        var started = _time.GetTimestamp();
        try
        {
            var text = File.ReadAllBytes(WatchesPath);
            var hash = SHA256.HashData(text);
            if (hash.AsSpan().SequenceEqual(_watchesHash))
            {
                return null;
            }

            _watchesHash = hash;
            using var reader = new StreamReader(new MemoryStream(text));
            var yaml = reader.ReadToEnd();
            var watches = WatchesFile.Parse(yaml, display);
            var errors = EditorConfigLoader.CheckFeedFilters(watches, current.Feeds, display).ToList();
            var ids = watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
            errors.AddRange(current.Subscribers.SelectMany(s => FollowedWatches.Unknown(s, ids)
                .Select(w => new ConfigError(display, 0, 0, $"subscriber '{s.Email}' follows watch '{w}', which this file no longer has"))));
            if (errors.Count > 0)
            {
                throw new ConfigException(errors);
            }

            Replace(current with { Watches = watches });
            Volatile.Write(ref _watchesText, yaml);
            var elapsed = _time.GetElapsedTime(started);
            Log.WatchesReloaded(_logger, display, watches.Watches.Count, (long)elapsed.TotalMilliseconds);
            _reloaded?.Invoke(true, elapsed);
            return true;
        }
        catch (ConfigException ex)
        {
            Log.WatchesReloadFailed(_logger, display, string.Join(Environment.NewLine, ex.Errors));
            _reloaded?.Invoke(false, _time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Forget the content, so the same text readable again is read again.
            _watchesHash = [];
            Log.WatchesReloadFailed(_logger, display, ex.Message);
            _reloaded?.Invoke(false, _time.GetElapsedTime(started));
        }

        return false;
    }

    /// <summary>Rebuilds the stage cues from stages.yaml (and the lists of watches.yaml); a broken edit keeps the last good cues.</summary>
    /// <param name="report">Log and count a success too (stages.yaml itself changed); a failure is always reported.</param>
    /// <returns>Whether the cues were rebuilt.</returns>
    private bool ReloadStages(bool report)
    {
        var display = EditorConfigLoader.DisplayPath(Directory, EditorConfigLoader.StagesFileName);
        var started = _time.GetTimestamp();
        var errors = new List<ConfigError>();
        var stages = EditorConfigLoader.LoadStages(Directory, errors);
        var threads = stages is null ? null : EditorConfigLoader.LoadThreads(Directory, stages, errors);
        if (stages is null || threads is null)
        {
            Log.StagesReloadFailed(_logger, display, string.Join(Environment.NewLine, errors));
            _reloaded?.Invoke(false, _time.GetElapsedTime(started));
            return false;
        }

        if (!ReferenceEquals(stages, Current.Stages) || !ReferenceEquals(threads, Current.Threads))
        {
            Replace(Current with { Stages = stages, Threads = threads });
        }

        if (report)
        {
            Log.StagesReloaded(_logger, display, stages.Rules.Count);
            _reloaded?.Invoke(true, _time.GetElapsedTime(started));
        }

        return true;
    }

    private static byte[] HashOf(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
