using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Configuration;

/// <summary>Section "RulesReload": how a running worker notices a saved watches.yaml.</summary>
internal sealed class RulesReloadOptions
{
    public const string Section = "RulesReload";

    /// <summary>Look at watches.yaml this often even without a change notification (network mounts, Kubernetes ConfigMap symlink swaps).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quiet time after a change notification before the file is read, so an editor's save (often several writes or a rename) is read once, whole.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Use change notifications (inotify); false leaves only the periodic check.</summary>
    public bool WatchFile { get; set; } = true;
}
