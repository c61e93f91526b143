using System.Text.Json;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>
/// A Telegram bot: POST to {Channels:TelegramApiUrl}/bot{token}/sendMessage. An error answer is JSON whose
/// <c>description</c> is the reason and whose <c>parameters.retry_after</c> says how long to wait.
/// </summary>
internal sealed class TelegramTransport : ChannelTransport
{
    public override ChannelKind Kind => TelegramChannel.Instance;

    public override Uri Target(ChannelSettings channel, string secret, ChannelOptions options) =>
        new(Base(options.TelegramApiUrl), $"bot{Uri.EscapeDataString(secret)}/sendMessage");

    public override (string Text, TimeSpan? RetryAfter) ReadError(ReadOnlyMemory<byte> answer)
    {
        var (text, retryAfter) = base.ReadError(answer);
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
                {
                    text = description.GetString() ?? text;
                }

                if (document.RootElement.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                    && parameters.TryGetProperty("retry_after", out var seconds) && seconds.TryGetInt32(out var s))
                {
                    retryAfter = Core.Retries.RetryAfter.Cap(TimeSpan.FromSeconds(s));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): the text itself is the reason.
        }

        return (text, retryAfter);
    }
}
