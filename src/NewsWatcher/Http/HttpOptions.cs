using System.ComponentModel.DataAnnotations;
using System.Net;

namespace NewsWatcher.Http;

/// <summary>Section "Http": the ops listener (health, readiness, metrics, status page).</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>TCP port; 0 turns the listener off.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>Address to listen on: an IP address (0.0.0.0 or :: for every interface) or "localhost".</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>How often the status snapshot (status page, gauges) is re-read from the store in the background.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait for the store while reading the snapshot; past it, <c>/</c> and <c>/metrics</c> answer with the last
    /// snapshot marked stale, so they never queue behind a stalled store (Prometheus gives up after 10 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan StatusStoreTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Port of the public listener (one-click unsubscribe and the preferences page), on <see cref="BindAddress"/>; 0 (the
    /// default) leaves it off. It serves nothing of the ops endpoints.
    /// </summary>
    [Range(0, 65535)]
    public int PublicPort { get; set; }

    /// <summary>Where readers reach the public listener (e.g. https://news.example.org/); links in messages start with it. Empty: no links.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>A file holding the key that signs unsubscribe links (at least 32 characters; a mounted secret).</summary>
    public string TokenKeyFile { get; set; } = "";

    /// <summary>The key itself, for an environment variable (Http__TokenKey); TokenKeyFile wins. Never logged; check masks it.</summary>
    public string TokenKey { get; set; } = "";

    /// <summary>Requests one client address may make to the public listener per minute.</summary>
    [Range(1, 10_000)]
    public int PublicRequestsPerMinute { get; set; } = 30;

    /// <summary>
    /// Open connections one client address may hold to the public listener (a browser opens up to 6); further ones are
    /// closed at once. Behind a trusted proxy it bounds each forwarded client's requests in progress instead.
    /// </summary>
    [Range(1, 1_000)]
    public int PublicConnectionsPerClient { get; set; } = 16;

    /// <summary>
    /// The reverse proxies in front of the public listener, comma-separated addresses or CIDR networks
    /// (e.g. <c>10.0.0.5, fd00::/8</c>). Only from these is X-Forwarded-For believed, and then the client it names is
    /// who the per-client limits count. Empty (the default): the socket's address is the client.
    /// </summary>
    public string TrustedProxies { get; set; } = "";

    /// <summary>The lease asked of a WebSub hub (hub.lease_seconds); the hub may grant another, and it is renewed before it ends.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan WebSubLease { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Largest WebSub content notification read (a whole feed document); other public requests keep their 16 KB.</summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int WebSubMaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests one hub address may make to the WebSub callbacks per minute (one hub may push many feeds).</summary>
    [Range(1, 100_000)]
    public int WebSubRequestsPerMinute { get; set; } = 600;

    /// <summary>The address to listen on, or null when <see cref="BindAddress"/> is neither an IP address nor "localhost".</summary>
    public static IPAddress? ParseAddress(string bindAddress) =>
        string.Equals(bindAddress, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(bindAddress, out var address) ? address
        : null;

    /// <summary>Where a client on this machine reaches the listener: the bind address, or loopback when it binds every interface.</summary>
    public Uri LocalUri(string path)
    {
        var address = ParseAddress(BindAddress) ?? IPAddress.Loopback;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        return new UriBuilder(Uri.UriSchemeHttp, address.ToString(), Port, path).Uri;
    }
}
