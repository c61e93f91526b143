using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>The transport of every kind in <see cref="ChannelKinds"/>; a new kind adds its transport here.</summary>
internal static class ChannelTransports
{
    public static IReadOnlyList<ChannelTransport> All { get; } = [new WebhookTransport(), new SlackTransport(), new TelegramTransport(), new NtfyTransport(), new DiscordTransport()];

    public static ChannelTransport For(ChannelKind kind) =>
        All.FirstOrDefault(t => t.Kind == kind) ?? throw new InvalidOperationException($"No transport for channel kind '{kind}'.");
}
