using NewsWatcher.Core.Digests;

namespace NewsWatcher.Core.Channels;

/// <summary>Renders a digest for a channel: the request bodies to send, in order (most channels need one).</summary>
public static class ChannelRenderer
{
    public static IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Type switch
        {
            ChannelType.Webhook => [WebhookPayload.Render(digest, feedNames, unsubscribeUrl)],
            ChannelType.Slack => SlackPayload.Render(digest, feedNames, unsubscribeUrl),
            ChannelType.Telegram => TelegramPayload.Render(digest, feedNames, channel.ChatId ?? "", unsubscribeUrl),
            ChannelType.Ntfy => [NtfyPayload.Render(digest, feedNames, channel.Topic ?? "", unsubscribeUrl)],
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel.Type, "Unknown channel type."),
        };
    }
}
