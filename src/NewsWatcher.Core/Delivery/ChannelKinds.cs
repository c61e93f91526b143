namespace NewsWatcher.Core.Delivery;

/// <summary>The channel kinds subscribers.yaml knows. A new kind is one file beside these and one entry in <see cref="All"/>.</summary>
public static class ChannelKinds
{
    /// <summary>Every kind, in the order messages and help list them.</summary>
    public static IReadOnlyList<ChannelKind> All { get; } = [WebhookChannel.Instance, SlackChannel.Instance, TelegramChannel.Instance, NtfyChannel.Instance, DiscordChannel.Instance];

    /// <summary>The names for messages: "webhook, slack, ... or discord" (<paramref name="last"/> "or"), or comma-separated when null.</summary>
    public static string Names(string? last = null)
    {
        var names = All.Select(k => k.Name).ToList();
        return last is null || names.Count < 2
            ? string.Join(", ", names)
            : $"{string.Join(", ", names[..^1])} {last} {names[^1]}";
    }

    /// <summary>The kind a subscribers.yaml <c>type:</c> names (any case); null when none.</summary>
    public static ChannelKind? Find(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.ToLowerInvariant();
        return All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));
    }
}
