using System.Text;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>
/// How one channel kind's requests travel: where they go, what they carry besides the body, what an error answer
/// says. <see cref="ChannelSender"/> does what every kind shares (secret, limits, timeout, private-network rule, status).
/// </summary>
internal abstract class ChannelTransport
{
    /// <summary>The kind (from <see cref="ChannelKinds"/>) this transport carries.</summary>
    public abstract ChannelKind Kind { get; }

    /// <summary>True when the target's host is only known from the secret (a whole webhook URL): <c>check</c> reads it then.</summary>
    public virtual bool TargetInSecret => false;

    /// <summary>Where a channel's requests go.</summary>
    public abstract Uri Target(ChannelSettings channel, string secret, ChannelOptions options);

    /// <summary>Headers beyond the content type and user agent (a signature, a bearer token).</summary>
    /// <param name="partId">Stable across resends of the same part.</param>
    /// <param name="what">The channel for messages ("webhook 'ops'").</param>
    /// <exception cref="DeliveryException">The secret does not have the form the headers need.</exception>
    public virtual void AddHeaders(HttpRequestMessage request, ChannelSettings channel, string secret, string partId, byte[] body, DateTimeOffset now, string what)
    {
    }

    /// <summary>The reason an error answer gives, and how long it asks us to wait when the body says so.</summary>
    public virtual (string Text, TimeSpan? RetryAfter) ReadError(ReadOnlyMemory<byte> answer) => (Encoding.UTF8.GetString(answer.Span), null);

    /// <summary>What <c>preview --channel</c> adds after the request count (", webhook-id …"), or empty.</summary>
    public virtual string PreviewNote(string digestId) => "";

    /// <summary>A base URL that a relative path may be appended to.</summary>
    protected static Uri Base(string url) => new(url.EndsWith('/') ? url : url + "/");
}
