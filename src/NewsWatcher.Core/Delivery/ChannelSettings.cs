using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Delivery;

/// <summary>One entry of a subscriber's <c>channels:</c> list.</summary>
/// <param name="Id">Unique within the subscriber (the type unless given); part of the outbox key, so keep it stable.</param>
/// <param name="Line">Line in subscribers.yaml, for messages.</param>
public sealed record ChannelSettings(string Id, ChannelKind Kind, int Line)
{
    /// <summary>Webhook: the endpoint. ntfy: the server (null for the configured default).</summary>
    public Uri? Url { get; init; }

    /// <summary>Webhook: the signing secret (whsec_…). Slack: the incoming-webhook URL. Telegram: the bot token. ntfy: an access token (optional).</summary>
    public SecretSource? Secret { get; init; }

    /// <summary>Telegram: the chat (a number, or @channelname).</summary>
    public string? ChatId { get; init; }

    /// <summary>ntfy: the topic.</summary>
    public string? Topic { get; init; }

    /// <summary>This channel's own cadence; null uses the subscriber's.</summary>
    public DigestCadence? Cadence { get; init; }

    /// <summary>This channel's own <c>immediate</c> setting; null uses the subscriber's.</summary>
    public bool? Immediate { get; init; }

    /// <summary>The lower-case type name used in config, metrics and logs.</summary>
    public string TypeName => Kind.Name;
}
