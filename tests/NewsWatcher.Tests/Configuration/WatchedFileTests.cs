using NewsWatcher.Configuration;

namespace NewsWatcher.Tests.Configuration;

public sealed class WatchedFileTests : IDisposable
{
    private static readonly DateTime Saved = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Directory.CreateTempSubdirectory("nw-watched-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Changed_SeenNowUntilSaved_FalseThenTrueOncePerSave()
    {
        var path = Write("a.yaml", "one", Saved);
        var file = new WatchedFile(path, seenNow: true);

        var before = file.Changed();
        Write("a.yaml", "two", Saved.AddSeconds(1));
        var saved = file.Changed();
        var again = file.Changed();

        Assert.Equal((false, true, false), (before, saved, again));
    }

    [Fact]
    public void Changed_SameTimeOtherSize_True()
    {
        var path = Write("a.yaml", "one", Saved);
        var file = new WatchedFile(path, seenNow: true);

        Write("a.yaml", "longer", Saved);

        Assert.True(file.Changed());
    }

    [Fact]
    public void Changed_NotSeenYet_TrueAtFirstLookEvenForAMissingFile()
    {
        var present = new WatchedFile(Write("a.yaml", "one", Saved), seenNow: false);
        var missing = new WatchedFile(Path.Combine(_directory, "none.yaml"), seenNow: false);

        Assert.Equal((true, true), (present.Changed(), missing.Changed()));
        Assert.Equal((true, false), (present.Exists, missing.Exists));
        Assert.False(missing.Changed());
    }

    [Fact]
    public void Changed_CreatedOrDeleted_True()
    {
        var path = Path.Combine(_directory, "a.yaml");
        var file = new WatchedFile(path, seenNow: true);

        Write("a.yaml", "one", Saved);
        var created = (file.Changed(), file.Exists);
        File.Delete(path);
        var deleted = (file.Changed(), file.Exists);

        Assert.Equal(((true, true), (true, false)), (created, deleted));
    }

    [Fact]
    public void Forget_AfterALook_NextLookReportsAChange()
    {
        var file = new WatchedFile(Write("a.yaml", "one", Saved), seenNow: true);

        file.Forget();

        Assert.True(file.Changed());
    }

    private string Write(string name, string text, DateTime writtenUtc)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, writtenUtc);
        return path;
    }
}
