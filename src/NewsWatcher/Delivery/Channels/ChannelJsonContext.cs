using System.Text.Json.Serialization;

namespace NewsWatcher.Delivery.Channels;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ChannelJsonContext : JsonSerializerContext
{
}
