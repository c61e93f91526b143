using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
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

    public void Dispose() => TempDirectory.DeleteQuietly(_config);
}
