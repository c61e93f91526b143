using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

public sealed class EditorConfigLoaderTests : IDisposable
{
    private readonly string _config = TempDirectory.Create("loader");

    [Fact]
    public void Load_WatchFeedFilterNamesUnknownFeed_IsAnError()
    {
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n  - {id: kyiv, url: kyiv.xml}\n");
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), "subscribers:\n  - {email: a@example.org, name: A, watches: ['*'], digest: hourly, timezone: UTC}\n");
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), "watches:\n  - {id: ok, name: OK, category: other, query: truce, feeds: [kyiv]}\n  - {id: w, name: W, category: other, query: truce, feeds: [world, kyiv-independent]}\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => EditorConfigLoader.Load(_config)).Errors);

        Assert.Equal(3, error.Line);
        Assert.EndsWith("watches.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal("watch 'w': 'feeds' names unknown feed 'kyiv-independent' (feeds.yaml has kyiv, world)", error.Message);
    }

    [Fact]
    public void Load_ShippedConfigWithOneIndentationSlipInWatches_ReportsThatOneErrorWithACaret()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(_config, Path.GetFileName(file)));
        }

        // One list item of watches.yaml indented a space short; stages.yaml uses that file's lists throughout.
        var lines = File.ReadAllLines(Path.Combine(_config, "watches.yaml"));
        var slip = Enumerable.Range(1, lines.Length - 1).First(i => lines[i - 1].StartsWith("    - ", StringComparison.Ordinal) && lines[i].StartsWith("    - ", StringComparison.Ordinal));
        lines[slip] = lines[slip][1..];
        Assert.StartsWith("   - ", lines[slip], StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(_config, "watches.yaml"), lines);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => EditorConfigLoader.Load(_config)).Errors);

        Assert.EndsWith("watches.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal((slip + 1, 4), (error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        var shown = error.ToString().Split(Environment.NewLine);
        Assert.Equal(["    " + lines[slip], "       ^"], shown[1..]);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_config);
}
