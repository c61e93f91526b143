using NewsWatcher.Core.Outbox;
using NewsWatcher.Storage;

namespace NewsWatcher.Tests.Storage;

public sealed class RedisKeysTests
{
    [Fact]
    public void Pending_PlainSubscriberId_StaysReadable()
    {
        var keys = new RedisKeys("nw:");

        Assert.Equal("nw:pending:alice:digest", keys.Pending("alice", OutboxKind.Digest).ToString());
        Assert.Equal("nw:sending:alice:alert", keys.Sending("alice", OutboxKind.Alert).ToString());
    }

    [Fact]
    public void Feed_IdWithSpacesOrColons_IsHashedAndBounded()
    {
        var keys = new RedisKeys("nw:");

        var key = keys.Feed("some feed:" + new string('x', 500)).ToString();

        Assert.StartsWith("nw:feed:#", key, StringComparison.Ordinal);
        Assert.True(key.Length < 64);
    }

    [Fact]
    public void SeenLink_LongLink_IsBoundedHash()
    {
        var keys = new RedisKeys("nw:");

        var key = keys.SeenLink("https://news.example/" + new string('a', 5000)).ToString();

        Assert.Equal("nw:seen:link:".Length + 32, key.Length);
    }
}
