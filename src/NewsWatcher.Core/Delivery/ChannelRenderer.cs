namespace NewsWatcher.Core.Delivery;

/// <summary>Renders a digest for a channel: the request bodies to send, in order (most channels need one).</summary>
public static class ChannelRenderer
{
    public static IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Kind.Render(channel, digest, feedNames, unsubscribeUrl);
    }
}
