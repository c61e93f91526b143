using NewsWatcher.Core.Delivery;
using NewsWatcher.Delivery.Channels;

namespace NewsWatcher.Tests.Channels;

/// <summary>The host's transport table against Core's kind table: a kind added to one and not the other fails here, not at the first send.</summary>
public sealed class ChannelTransportsTests
{
    [Fact]
    public void For_EveryKind_ExactlyOneTransportOfThatKind()
    {
        Assert.All(ChannelKinds.All, kind => Assert.Same(kind, ChannelTransports.For(kind).Kind));
        Assert.Equal(ChannelKinds.All.Count, ChannelTransports.All.Count);
        Assert.Equal(ChannelKinds.All.Count, ChannelTransports.All.Select(t => t.Kind).Distinct().Count());
    }
}
