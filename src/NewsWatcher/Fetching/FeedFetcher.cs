using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Feeds;
using NewsWatcher.Storage;

namespace NewsWatcher.Fetching;

/// <summary>Fetches one feed: conditional GET over http(s), or a local file. Never throws for a bad feed.</summary>
public sealed class FeedFetcher
{
    public const string HttpClientName = "feeds";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IFeedStateStore _feedState;
    private readonly FetchOptions _options;
    private readonly EditorConfigProvider _editorConfig;

    public FeedFetcher(IHttpClientFactory httpClientFactory, IFeedStateStore feedState, IOptions<FetchOptions> options, EditorConfigProvider editorConfig)
    {
        _httpClientFactory = httpClientFactory;
        _feedState = feedState;
        _options = options.Value;
        _editorConfig = editorConfig;
    }

    public async Task<FetchResult> FetchAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(feed.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return await FetchHttpAsync(feed, uri, cancellationToken).ConfigureAwait(false);
        }

        if (uri is not null && !uri.IsFile)
        {
            return FetchResult.Failed($"unsupported URL scheme '{uri.Scheme}' (only http, https and local files)");
        }

        return await ReadFileAsync(feed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FetchResult> FetchHttpAsync(FeedDefinition feed, Uri uri, CancellationToken cancellationToken)
    {
        var validators = await _feedState.GetValidatorsAsync(feed.Id, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");
        if (!string.IsNullOrEmpty(validators?.ETag) && EntityTagHeaderValue.TryParse(validators.ETag, out var etag))
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        if (!string.IsNullOrEmpty(validators?.LastModified) && DateTimeOffset.TryParse(validators.LastModified, out var lastModified))
        {
            request.Headers.IfModifiedSince = lastModified;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return FetchResult.NotModified;
            }

            if (!response.IsSuccessStatusCode)
            {
                return FetchResult.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                return FetchResult.Failed($"body of {response.Content.Headers.ContentLength} bytes exceeds the limit of {_options.MaxBytes}");
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = await ReadBoundedAsync(stream, _options.MaxBytes, timeout.Token).ConfigureAwait(false);
                if (body is null)
                {
                    return FetchResult.Failed($"body exceeds the limit of {_options.MaxBytes} bytes");
                }

                var newValidators = new FeedValidators(
                    response.Headers.ETag?.ToString(),
                    response.Content.Headers.LastModified?.ToString("R"));
                return new FetchResult(FetchStatus.Ok, body, response.RequestMessage?.RequestUri ?? uri, newValidators, null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failed($"timed out after {_options.Timeout.TotalSeconds:0.#} s");
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

    private async Task<FetchResult> ReadFileAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        if (!_options.AllowFiles)
        {
            return FetchResult.Failed("local feed files are disabled (Fetch:AllowFiles=false)");
        }

        var path = Uri.TryCreate(feed.Url, UriKind.Absolute, out var fileUri) && fileUri.IsFile
            ? fileUri.LocalPath
            : Path.GetFullPath(Path.Combine(_editorConfig.Directory, feed.Url));
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

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the stream has more (decompressed size counts).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
