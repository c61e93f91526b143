namespace NewsWatcher.Core.Channels;

/// <summary>Where a subscriber's messages go besides (or instead of) email.</summary>
public enum ChannelType
{
    /// <summary>A JSON POST signed per Standard Webhooks.</summary>
    Webhook,

    /// <summary>A Slack incoming webhook (Block Kit).</summary>
    Slack,

    /// <summary>A Telegram bot's sendMessage (HTML parse mode).</summary>
    Telegram,

    /// <summary>An ntfy topic.</summary>
    Ntfy,
}
