namespace NewsWatcher.Tests.Infrastructure;

/// <summary>Per-test folders under the system temp folder.</summary>
internal static class TempDirectory
{
    /// <summary>Creates a new, empty folder named <c>newswatcher-{purpose}-{random}</c>.</summary>
    public static string Create(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"newswatcher-{purpose}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Best effort: a leftover temp folder must not fail the run.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the OS to clean.
        }
    }
}
