using System.Globalization;

namespace NewsWatcher.Storage;

/// <summary>
/// The embedded store's claim on its data folder: one process at a time, since two Garnet servers replaying and
/// appending to the same files corrupt them. An exclusive lock on <c>newswatcher.lock</c> (released by the OS when the
/// process dies, so a crash leaves no stale claim) and the holder's pid beside it in <c>newswatcher.pid</c>.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string LockFileName = "newswatcher.lock";
    public const string PidFileName = "newswatcher.pid";

    private readonly FileStream _lock;

    private DataFolderLock(FileStream held) => _lock = held;

    /// <exception cref="DataFolderInUseException">Another process holds the folder.</exception>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        FileStream held;
        try
        {
            held = new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataFolderInUseException(folder, Holder(folder), ex);
        }

        try
        {
            File.WriteAllText(Path.Combine(folder, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The pid only makes the message for a second process better; the lock is what keeps it out.
        }

        return new DataFolderLock(held);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>The pid the holder wrote, or null when it cannot be read.</summary>
    private static int? Holder(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, PidFileName)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The embedded store's data folder is held by another process (a running worker, most likely).</summary>
internal sealed class DataFolderInUseException : IOException
{
    public DataFolderInUseException(string folder, int? pid, Exception? inner = null)
        : base(
            $"the data folder {folder} is in use by {(pid is { } id ? $"pid {id}" : "another process")} (a running worker's embedded store); " +
            "stop that worker first, or read its feeds and outboxes on its status page (the ops listener's /)",
            inner)
    {
        Folder = folder;
        Pid = pid;
    }

    public string Folder { get; }

    /// <summary>The process holding the folder, when it wrote its pid.</summary>
    public int? Pid { get; }
}
