
namespace NewsWatcher.Delivery.Channels;

/// <summary>A channel's secret could not be read. The message names where it should come from, never its value.</summary>
internal sealed class ChannelSecretException : Exception
{
    public ChannelSecretException()
    {
    }

    public ChannelSecretException(string message)
        : base(message)
    {
    }

    public ChannelSecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
