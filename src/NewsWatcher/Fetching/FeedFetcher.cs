using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Polling;

namespace NewsWatcher.Fetching;

/// <summary>
/// Fetches one feed: a polite conditional GET over http(s) (limits per host and overall, redirects followed by hand so
/// permanent moves are seen and every hop is checked), or a local file. Never throws for a bad feed.
/// </summary>
internal sealed class FeedFetcher
{
    public const string HttpClientName = "feeds";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly FetchOptions _options;
    private readonly EditorConfigProvider _editorConfig;
    private readonly FetchLimiter _limiter;
    private readonly TimeProvider _time;

    public FeedFetcher(IHttpClientFactory httpClientFactory, IOptions<FetchOptions> options, EditorConfigProvider editorConfig, FetchLimiter limiter, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _editorConfig = editorConfig;
        _limiter = limiter;
        _time = time;
    }

    /// <param name="feed">The feed as configured.</param>
    /// <param name="url">Where to fetch it: the configured URL, or where it permanently moved.</param>
    /// <param name="validators">From the last successful poll, for a conditional GET.</param>
    public async Task<FetchResult> FetchAsync(FeedDefinition feed, string url, FeedValidators? validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            using var lease = await _limiter.AcquireAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
            return await FetchHttpAsync(uri, validators, cancellationToken).ConfigureAwait(false);
        }

        if (uri is not null && !uri.IsFile)
        {
            return FetchResult.Failed($"unsupported URL scheme '{uri.Scheme}' (only http, https and local files)");
        }

        return await ReadFileAsync(url, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FetchResult> FetchHttpAsync(Uri uri, FeedValidators? validators, CancellationToken cancellationToken)
    {
        // The limit runs on the injected clock (CancelAfter would run on the system's).
        using var limit = new CancellationTokenSource(_options.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var idle = false;
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            var current = uri;
            var permanent = true;
            for (var hop = 0; ; hop++)
            {
                if (RefusedTarget(current) is { } refusal)
                {
                    return FetchResult.Failed(refusal);
                }

                using var request = CreateRequest(current, validators);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        return FetchResult.Failed($"more than {_options.MaxRedirects} redirects");
                    }

                    permanent &= status is 301 or 308;
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                var movedTo = permanent && current != uri ? current : null;
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return FetchResult.NotModified with { MaxAge = MaxAge(response), PermanentlyMovedTo = movedTo };
                }

                if (response.StatusCode == HttpStatusCode.Gone)
                {
                    return new FetchResult(FetchStatus.Gone, null, null, null, "HTTP 410 Gone: the publisher removed this feed");
                }

                if (!response.IsSuccessStatusCode)
                {
                    var retryAfter = status is 429 or 503 ? RetryAfter(response) : null;
                    return FetchResult.Failed($"HTTP {status} {response.ReasonPhrase}") with { RetryAfter = retryAfter, PermanentlyMovedTo = movedTo };
                }

                if (response.Content.Headers.ContentLength > _options.MaxBytes)
                {
                    return FetchResult.Failed($"body of {response.Content.Headers.ContentLength} bytes exceeds the limit of {_options.MaxBytes}");
                }

                var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var (body, wasIdle) = await ReadBoundedAsync(stream, timeout.Token).ConfigureAwait(false);
                    idle = wasIdle;
                    if (body is null)
                    {
                        return idle
                            ? FetchResult.Failed($"no data for {_options.IdleTimeout.TotalSeconds:0.#} s (idle timeout)")
                            : FetchResult.Failed($"body exceeds the limit of {_options.MaxBytes} bytes (after decompression)");
                    }

                    var newValidators = new FeedValidators(
                        response.Headers.ETag?.ToString(),
                        response.Content.Headers.LastModified?.ToString("R"));
                    return new FetchResult(FetchStatus.Ok, body, current, newValidators, null)
                    {
                        Charset = response.Content.Headers.ContentType?.CharSet,
                        MaxAge = MaxAge(response),
                        PermanentlyMovedTo = movedTo,
                        LinkHeaders = response.Headers.TryGetValues("Link", out var links) ? [.. links] : [],
                    };
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failed($"timed out after {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex) when (NetworkPolicy.FindRefusal(ex) is { } refused)
        {
            return FetchResult.Failed(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Failed(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return FetchResult.Failed($"I/O error: {ex.Message}");
        }
    }

    private HttpRequestMessage CreateRequest(Uri uri, FeedValidators? validators)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");
        if (!string.IsNullOrEmpty(validators?.ETag) && EntityTagHeaderValue.TryParse(validators.ETag, out var etag))
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        if (!string.IsNullOrEmpty(validators?.LastModified) && DateTimeOffset.TryParse(validators.LastModified, CultureInfo.InvariantCulture, out var lastModified))
        {
            request.Headers.IfModifiedSince = lastModified;
        }

        return request;
    }

    /// <summary>Scheme and literal-address checks for every hop; host names are checked after DNS, in the connect callback.</summary>
    private string? RefusedTarget(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"refused: redirect to unsupported scheme '{uri.Scheme}'";
        }

        return NetworkPolicy.RefusedTarget(uri, _options.AllowPrivateNetworks);
    }

    private static TimeSpan? MaxAge(HttpResponseMessage response) =>
        response.Headers.CacheControl is { NoStore: false, NoCache: false, MaxAge: { } age } && age > TimeSpan.Zero ? age : null;

    private DateTimeOffset? RetryAfter(HttpResponseMessage response) =>
        Core.Retries.RetryAfter.Wait(response.Headers.RetryAfter, _time.GetUtcNow()) is { } wait ? _time.GetUtcNow() + wait : null;

    private async Task<FetchResult> ReadFileAsync(string url, CancellationToken cancellationToken)
    {
        if (!_options.AllowFiles)
        {
            return FetchResult.Failed("local feed files are disabled (Fetch:AllowFiles=false)");
        }

        var path = Uri.TryCreate(url, UriKind.Absolute, out var fileUri) && fileUri.IsFile
            ? fileUri.LocalPath
            : Path.GetFullPath(Path.Combine(_editorConfig.Directory, url));
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return FetchResult.Failed($"file not found: {path}");
            }

            if (info.Length > _options.MaxBytes)
            {
                return FetchResult.Failed($"file of {info.Length} bytes exceeds the limit of {_options.MaxBytes}");
            }

            var body = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new FetchResult(FetchStatus.Ok, body, new Uri(path), null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FetchResult.Failed($"cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads at most <see cref="FetchOptions.MaxBytes"/> (decompressed size counts); null when the stream has more, or
    /// when no byte arrived within <see cref="FetchOptions.IdleTimeout"/> (then Idle is true).
    /// </summary>
    private async Task<(byte[]? Body, bool Idle)> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            // Each read gets the whole idle time, on the injected clock.
            using var quiet = new CancellationTokenSource(_options.IdleTimeout, _time);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, true);
            }

            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            if (buffer.Length + read > _options.MaxBytes)
            {
                return (null, false);
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
