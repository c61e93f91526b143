using System.Text;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Channels;

namespace NewsWatcher.Http.Public;

/// <summary>
/// Makes and checks the capability tokens of the public listener's links (<c>Http:PublicUrl/u/TOKEN</c>), signed with the
/// key from Http:TokenKeyFile (read once, never logged).
/// </summary>
internal sealed class UnsubscribeLinks : IUnsubscribeLinks
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

    public Uri? LinkFor(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Enabled && Key is { } key
            ? new Uri(new Uri(_options.PublicUrl.EndsWith('/') ? _options.PublicUrl : _options.PublicUrl + "/"), "u/" + SubscriberTokens.Create(key, SubscriberTokens.Unsubscribe, route.Id))
            : null;
    }

    public Uri? StoryLinkFor(ThreadStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        return Enabled && stamp.Key is { } conflict && Key is { } key
            ? new Uri(new Uri(_options.PublicUrl.EndsWith('/') ? _options.PublicUrl : _options.PublicUrl + "/"), "s/" + SubscriberTokens.Create(key, SubscriberTokens.Story, StorySubject(conflict, stamp)))
            : null;
    }

    /// <summary>The thread (conflict key and id) and the development a story token stands for; null for a forged, altered or foreign token.</summary>
    public (string Conflict, string ThreadId, string Stage, string? Actor)? ReadStory(string? token)
    {
        var subject = Key is { } key ? SubscriberTokens.Read(key, SubscriberTokens.Story, token) : null;
        var parts = subject?.Split('\n');
        return parts is { Length: 4 } ? (parts[0], parts[1], parts[2], parts[3].Length == 0 ? null : parts[3]) : null;
    }

    /// <summary>What a story link may show: the thread and the development the message showed, nothing after it.</summary>
    private static string StorySubject(string conflict, ThreadStamp stamp) =>
        string.Join('\n', conflict, stamp.Id, stamp.Development.Stage, stamp.Development.Actor ?? string.Empty);

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
