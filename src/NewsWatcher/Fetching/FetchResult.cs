using NewsWatcher.Core.Polling;

namespace NewsWatcher.Fetching;

/// <summary>What one fetch produced. <see cref="Validators"/> are saved only after the poll succeeded end to end.</summary>
internal sealed record FetchResult(FetchStatus Status, byte[]? Content, Uri? BaseUri, FeedValidators? Validators, string? Error)
{
    public static FetchResult NotModified { get; } = new(FetchStatus.NotModified, null, null, null, null);

    /// <summary>The charset of the response's Content-Type, for the decoder.</summary>
    public string? Charset { get; init; }

    /// <summary>Cache-Control max-age: the server asks not to be asked again sooner.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Retry-After of a 429 or 503: not before this time.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Set when every redirect on the way was permanent (301/308): the URL to use from now on.</summary>
    public Uri? PermanentlyMovedTo { get; init; }

    /// <summary>The values of the response's <c>Link</c> headers (a WebSub hub and self URL may be named there).</summary>
    public IReadOnlyList<string> LinkHeaders { get; init; } = [];

    public static FetchResult Failed(string error) => new(FetchStatus.Failed, null, null, null, error);
}
