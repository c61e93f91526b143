using System.Text;

namespace NewsWatcher.Core.Articles;

/// <summary>
/// Makes article links comparable: absolute http(s) only, lower-case scheme and host, no default port, no fragment,
/// no tracking parameters, no trailing slash.
/// </summary>
public static class LinkCanonicalizer
{
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
