using System.Globalization;
using System.Text.Json;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>
/// A Discord webhook: POST to the URL in the secret. An error answer is JSON whose <c>message</c> (and <c>code</c>) is
/// the reason; a 429's <c>retry_after</c> (seconds, with a fraction) says how long to wait when no Retry-After header does.
/// </summary>
internal sealed class DiscordTransport : ChannelTransport
{
    public override ChannelKind Kind => DiscordChannel.Instance;

    public override bool TargetInSecret => true;

    public override Uri Target(ChannelSettings channel, string secret, ChannelOptions options) => new(secret, UriKind.Absolute);

    public override (string Text, TimeSpan? RetryAfter) ReadError(ReadOnlyMemory<byte> answer)
    {
        var (text, retryAfter) = base.ReadError(answer);
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    text = message.GetString() ?? text;
                    if (root.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) && number != 0)
                    {
                        text += string.Create(CultureInfo.InvariantCulture, $" (code {number})");
                    }
                }

                if (root.TryGetProperty("retry_after", out var seconds) && seconds.TryGetDouble(out var s) && double.IsFinite(s))
                {
                    retryAfter = Core.Retries.RetryAfter.Cap(TimeSpan.FromSeconds(Math.Min(s, Core.Retries.RetryAfter.Max.TotalSeconds)));
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
