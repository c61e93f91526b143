using System.Text.Json.Serialization;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Storage;

/// <summary>Source-generated JSON for what the store persists: no reflection, and enums stay readable in Redis.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(DigestItem))]
[JsonSerializable(typeof(NewsWatcher.Core.Dedup.StoryThread))]
[JsonSerializable(typeof(SendingRecord))]
[JsonSerializable(typeof(FailedDelivery))]
[JsonSerializable(typeof(RecentMatch))]
[JsonSerializable(typeof(NewsWatcher.Core.Subscribers.SubscriberPreferences))]
[JsonSerializable(typeof(NewsWatcher.Core.Fetching.WebSubSubscription))]
internal sealed partial class StoreJsonContext : JsonSerializerContext
{
}
