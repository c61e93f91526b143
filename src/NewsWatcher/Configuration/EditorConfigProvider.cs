using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Configuration;

/// <summary>
/// Holds the current editor configuration and the folder it came from. One instance per process.
/// Watch rules are hot-reloaded: <see cref="ReloadIfChanged"/> (called by <see cref="WatchesReloader"/> when the file
/// changes) compiles a saved watches.yaml and swaps it in whole, or keeps the last good rules when the edit is broken.
/// </summary>
public sealed class EditorConfigProvider
{
    private readonly Lock _reload = new();
    private readonly ILogger _logger;
    private readonly Action<bool, TimeSpan>? _reloaded;
    private EditorConfig _current;
    private FileStamp _watchesStamp;
    private byte[] _watchesHash;

    /// <param name="reloaded">
    /// Told after each attempt to apply a changed watches.yaml: true when applied, and how long reading, parsing and
    /// compiling took (the reload metrics).
    /// </param>
    public EditorConfigProvider(string directory, EditorConfig initial, ILogger<EditorConfigProvider>? logger = null, Action<bool, TimeSpan>? reloaded = null)
    {
        _reloaded = reloaded;
        Directory = Path.GetFullPath(directory);
        _current = initial;
        _logger = logger ?? NullLogger<EditorConfigProvider>.Instance;
        WatchesPath = Path.Combine(Directory, EditorConfigLoader.WatchesFileName);
        _watchesStamp = FileStamp.Of(WatchesPath);
        _watchesHash = HashOf(WatchesPath);
    }

    /// <summary>Absolute path of the config folder; relative feed file paths resolve against it.</summary>
    public string Directory { get; }

    /// <summary>Absolute path of watches.yaml.</summary>
    public string WatchesPath { get; }

    /// <summary>The configuration in use: a plain read, so a poll never waits for a reload.</summary>
    public EditorConfig Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new, already validated configuration; polls in flight keep the one they started with.</summary>
    public void Replace(EditorConfig config) => Volatile.Write(ref _current, config);

    /// <summary>
    /// Reloads watches.yaml if it changed on disk since the last look (its time and size first, then its content, so a
    /// touch is not a reload). A broken edit is logged with its positions once per save and the last good rules stay.
    /// </summary>
    /// <returns>True when a changed file was read (applied or refused), false when nothing changed.</returns>
    public bool ReloadIfChanged()
    {
        lock (_reload)
        {
            var stamp = FileStamp.Of(WatchesPath);
            if (stamp == _watchesStamp)
            {
                return false;
            }

            _watchesStamp = stamp;
            var display = EditorConfigLoader.DisplayPath(Directory, EditorConfigLoader.WatchesFileName);
            var current = Current;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var text = File.ReadAllBytes(WatchesPath);
                var hash = SHA256.HashData(text);
                if (hash.AsSpan().SequenceEqual(_watchesHash))
                {
                    return false;
                }

                _watchesHash = hash;
                using var reader = new StreamReader(new MemoryStream(text));
                var watches = WatchesFile.Parse(reader.ReadToEnd(), display);
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
                var elapsed = Stopwatch.GetElapsedTime(started);
                Log.WatchesReloaded(_logger, display, watches.Watches.Count, (long)elapsed.TotalMilliseconds);
                _reloaded?.Invoke(true, elapsed);
            }
            catch (ConfigException ex)
            {
                Log.WatchesReloadFailed(_logger, display, string.Join(Environment.NewLine, ex.Errors));
                _reloaded?.Invoke(false, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Forget the content, so the same text readable again is read again.
                _watchesHash = [];
                Log.WatchesReloadFailed(_logger, display, ex.Message);
                _reloaded?.Invoke(false, Stopwatch.GetElapsedTime(started));
            }

            return true;
        }
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
