using System.Net.Http.Headers;

namespace NewsWatcher.Core.Retries;

/// <summary>
/// The wait a server asks for in <c>Retry-After</c> (RFC 9110 §10.2.3: delta-seconds or an HTTP date), one parser and
/// one cap for feeds and channels alike.
/// </summary>
public static class RetryAfter
{
    /// <summary>The longest wait honoured: a server asking for more is tried again after this anyway.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    /// <summary>How long to wait from <paramref name="now"/>, within <see cref="Max"/>; null when the header is absent.</summary>
    public static TimeSpan? Wait(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => Cap(delta),
        { Date: { } date } => Cap(date - now),
        _ => null,
    };

    /// <summary>A wait asked for some other way (Telegram's <c>retry_after</c>), within [0, <see cref="Max"/>].</summary>
    public static TimeSpan Cap(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Max ? Max : wait;
}
