using System.Buffers;
using System.Text;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Makes article links comparable: absolute http(s) only, lower-case scheme and host, no default port, no fragment,
/// no tracking parameters, no trailing slash.
/// </summary>
public static class LinkCanonicalizer
{
    /// <summary>Longer links take the <see cref="Uri"/> path, which has limits of its own.</summary>
    private const int MaxPlainLength = 4096;

    private static readonly SearchValues<char> _hostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    private static readonly SearchValues<char> _pathChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/+,;=:@!$&");

    private static readonly string[] _trackingParameters = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "mc_cid", "mc_eid", "_ga", "_gl",
        "ocid", "cmpid", "cmp", "smid", "smtyp", "ito", "at_medium", "at_campaign", "at_link", "ref_src", "rss", "taid", "sr_share",
    ];

    /// <summary>
    /// Resolves <paramref name="url"/> against <paramref name="baseUri"/> and returns its canonical form,
    /// or null when it is empty or not an absolute http(s) URL.
    /// </summary>
    public static string? Canonicalize(string? url, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        return IsAlreadyCanonical(trimmed) ? trimmed : CanonicalizeWithUri(trimmed, baseUri);
    }

    /// <summary>The canonical form worked out by <see cref="Uri"/>; <see cref="Canonicalize"/> only comes here for links that are not plainly canonical.</summary>
    internal static string? CanonicalizeWithUri(string trimmed, Uri? baseUri)
    {
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.IsFile && !trimmed.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            // On Unix "/path" parses as an absolute file URI; treat it as relative.
            if (baseUri is null || !baseUri.IsAbsoluteUri || !Uri.TryCreate(baseUri, trimmed, out uri))
            {
                return null;
            }
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var builder = new StringBuilder();
        builder.Append(uri.Scheme).Append("://");
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            builder.Append(uri.UserInfo).Append('@');
        }

        builder.Append(uri.Host.ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        // "/a/story/" and "/a/story" are the same article on every news site; the root path stays "/".
        var path = uri.AbsolutePath;
        builder.Append(path.Length > 1 ? path.TrimEnd('/') : path);
        var query = FilterQuery(uri.Query);
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="link"/> is already what <see cref="CanonicalizeWithUri"/> would make of it, seen without
    /// parsing it: most feed links are, and parsing one as a <see cref="Uri"/> costs more than the rest of its item.
    /// True only for "http(s)://" + a lower-case host + a path of characters <see cref="Uri"/> keeps as they are, with no
    /// port, user, query, fragment, escape, empty or dot segment, or trailing slash.
    /// </summary>
    internal static bool IsAlreadyCanonical(string link)
    {
        var rest = link.StartsWith("https://", StringComparison.Ordinal) ? link.AsSpan(8)
            : link.StartsWith("http://", StringComparison.Ordinal) ? link.AsSpan(7)
            : default;
        var slash = rest.IndexOf('/');
        if (link.Length > MaxPlainLength || slash <= 0 || !IsPlainHostName(rest[..slash]))
        {
            return false;
        }

        var path = rest[slash..];
        return (path.Length == 1 || path[^1] != '/')
            && !path.ContainsAnyExcept(_pathChars)
            && path.IndexOf("//", StringComparison.Ordinal) < 0
            && path.IndexOf("/.", StringComparison.Ordinal) < 0;
    }

    /// <summary>
    /// A DNS name as <see cref="Uri"/> keeps it: lower-case labels of letters, digits and inner hyphens, the last one
    /// starting with a letter (so it cannot be read as an IPv4 address in any of the forms Uri accepts).
    /// </summary>
    private static bool IsPlainHostName(ReadOnlySpan<char> host)
    {
        if (host.ContainsAnyExcept(_hostChars) || host.IndexOf("..", StringComparison.Ordinal) >= 0
            || host.IndexOf(".-", StringComparison.Ordinal) >= 0 || host.IndexOf("-.", StringComparison.Ordinal) >= 0
            || host[0] is '.' or '-' || host[^1] is '.' or '-')
        {
            return false;
        }

        var last = host[(host.LastIndexOf('.') + 1)..];
        return char.IsAsciiLetterLower(last[0]);
    }

    private static string FilterQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var kept = query[1..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair.Split('=', 2)[0]));
        return string.Join('&', kept);
    }

    private static bool IsTracking(string name)
    {
        var decoded = Uri.UnescapeDataString(name);
        return decoded.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
            || _trackingParameters.Contains(decoded, StringComparer.OrdinalIgnoreCase);
    }
}
