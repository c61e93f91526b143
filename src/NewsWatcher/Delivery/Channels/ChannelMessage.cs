using System.Text.Json;

namespace NewsWatcher.Delivery.Channels;

/// <summary>A channel message as the outbox keeps it: the request bodies, in order, exactly as they are sent (and resent).</summary>
internal static class ChannelMessage
{
    public static byte[] Serialize(IReadOnlyList<string> parts) => JsonSerializer.SerializeToUtf8Bytes(parts, ChannelJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> Deserialize(byte[] message) =>
        JsonSerializer.Deserialize(message, ChannelJsonContext.Default.IReadOnlyListString) ?? [];
}
