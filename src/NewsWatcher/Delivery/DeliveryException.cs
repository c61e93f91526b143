namespace NewsWatcher.Delivery;

/// <summary>A message was not accepted, by the SMTP relay or by a channel (webhook, Slack, Telegram, ntfy). Transient failures (4xx, timeouts, refused connections) are retried; permanent ones are not.</summary>
internal sealed class DeliveryException : Exception
{
    public DeliveryException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    public bool IsTransient { get; }

    /// <summary>
    /// The server refused this message for its size or content (552, a refusal of the DATA, enhanced codes 5.3.4 /
    /// 5.2.3 / 5.6.x), not its recipient or sender: smaller messages with the same items may pass.
    /// </summary>
    public bool RejectsMessage { get; init; }

    /// <summary>How long the receiver asked us to wait (HTTP Retry-After from a chat or webhook channel); null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
