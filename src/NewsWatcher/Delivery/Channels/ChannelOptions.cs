using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Delivery.Channels;

/// <summary>
/// Section "Channels": where the chat services live. Requests go through the same limits as feed fetches
/// (Fetch:Timeout, Fetch:MaxConcurrencyPerHost, Fetch:AllowPrivateNetworks).
/// </summary>
internal sealed class ChannelOptions
{
    public const string Section = "Channels";

    /// <summary>The Telegram Bot API; requests go to {this}/bot{token}/sendMessage.</summary>
    [Required]
    public string TelegramApiUrl { get; set; } = "https://api.telegram.org";

    /// <summary>The ntfy server for channels that name none.</summary>
    [Required]
    public string NtfyUrl { get; set; } = "https://ntfy.sh";

    /// <summary>Base for a Slack secret that holds only the webhook's path (T…/B…/…) rather than the whole URL.</summary>
    [Required]
    public string SlackUrl { get; set; } = "https://hooks.slack.com/services/";
}
