namespace NewsWatcher.Configuration;

/// <summary>Holds the current editor configuration and the folder it came from. One instance per process.</summary>
public sealed class EditorConfigProvider
{
    private EditorConfig _current;

    public EditorConfigProvider(string directory, EditorConfig initial)
    {
        Directory = Path.GetFullPath(directory);
        _current = initial;
    }

    /// <summary>Absolute path of the config folder; relative feed file paths resolve against it.</summary>
    public string Directory { get; }

    public EditorConfig Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new, already validated configuration; polls in flight keep the one they started with.</summary>
    public void Replace(EditorConfig config) => Volatile.Write(ref _current, config);
}
