namespace NewsWatcher.Configuration;

/// <summary>
/// The one way a hot reload notices that an editor saved a file: its write time and size (a cheap stat, no read)
/// differ from the last look. Not thread-safe: the owner looks under its own lock.
/// </summary>
internal sealed class WatchedFile
{
    private Stamp _seen;

    /// <param name="path">The file; it may not exist (yet).</param>
    /// <param name="seenNow">True to take the file as it is now as seen (a reload only after the next save); false so the first look reports a change.</param>
    public WatchedFile(string path, bool seenNow)
    {
        Path = path;
        _seen = seenNow ? Stamp.Of(path) : Stamp.Unseen;
    }

    public string Path { get; }

    /// <summary>Whether the file existed at the last look.</summary>
    public bool Exists => _seen.Exists;

    /// <summary>Looks at the file: true when it was written, resized, created or deleted since the last look.</summary>
    public bool Changed()
    {
        var now = Stamp.Of(Path);
        var changed = now != _seen;
        _seen = now;
        return changed;
    }

    /// <summary>Forgets the last look, so the next one reports a change (a read that failed is tried again).</summary>
    public void Forget() => _seen = Stamp.Unseen;

    /// <summary>Enough to notice a save: the time it was written and its size.</summary>
    private readonly record struct Stamp(DateTime WrittenUtc, long Length, bool Exists)
    {
        /// <summary>Differs from every real look, a missing file included.</summary>
        public static readonly Stamp Unseen = new(DateTime.MinValue, -1, false);

        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(info.LastWriteTimeUtc, info.Length, true) : default;
        }
    }
}
