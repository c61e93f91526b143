using System.Text;
using Microsoft.Extensions.Options;
using NewsWatcher.Channels;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Http;

/// <summary>
/// Makes and checks the capability tokens of the public listener's links (<c>Http:PublicUrl/u/TOKEN</c>), signed with the
/// key from Http:TokenKeyFile (read once, never logged).
/// </summary>
public sealed class UnsubscribeLinks : IUnsubscribeLinks
{
    private readonly HttpOptions _options;
    private readonly Lazy<byte[]?> _key;

    public UnsubscribeLinks(IOptions<HttpOptions> options)
    {
        _options = options.Value;
        _key = new Lazy<byte[]?>(ReadKey);
    }

    /// <summary>Whether links are made (Http:PublicUrl is set).</summary>
    public bool Enabled => _options.PublicUrl.Length > 0;

    public Uri? LinkFor(Subscriber route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Enabled && Key is { } key
            ? new Uri(new Uri(_options.PublicUrl.EndsWith('/') ? _options.PublicUrl : _options.PublicUrl + "/"), "u/" + SubscriberTokens.Create(key, SubscriberTokens.Unsubscribe, route.Id))
            : null;
    }

    /// <summary>The outbox id a token stands for; null for a forged, altered or foreign token.</summary>
    public string? Read(string? token) => Key is { } key ? SubscriberTokens.Read(key, SubscriberTokens.Unsubscribe, token) : null;

    private byte[]? Key => _key.Value;

    private byte[]? ReadKey()
    {
        var text = _options.TokenKeyFile.Length > 0 ? File.ReadAllText(_options.TokenKeyFile).Trim() : _options.TokenKey;
        if (text.Length == 0)
        {
            return null;
        }

        var key = Encoding.UTF8.GetBytes(text);
        return key.Length >= SubscriberTokens.MinKeyBytes
            ? key
            : throw new InvalidOperationException($"Http: the token key must be at least {SubscriberTokens.MinKeyBytes} characters (from {(_options.TokenKeyFile.Length > 0 ? _options.TokenKeyFile : "Http:TokenKey")})");
    }
}
