using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Fetching;

/// <summary>Section "Fetch": bounds on every feed request.</summary>
internal sealed class FetchOptions
{
    public const string Section = "Fetch";
    public const int DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>Whole-request time limit, headers and body.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, after decompression.</summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxBytes { get; set; } = DefaultMaxBytes;

    [Required]
    public string UserAgent { get; set; } = "NewsWatcher/1.0 (+https://github.com/newswatcher/newswatcher; feed monitor)";

    /// <summary>Whether feeds.yaml may name local files (demos, tests, mounted captures).</summary>
    public bool AllowFiles { get; set; } = true;

    /// <summary>Longest wait for the next bytes of a response, so a slow-drip server cannot hold a worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Redirects followed per fetch.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Whether feeds may live on loopback, private or link-local addresses (tests, intranets). Off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Requests in flight across all feeds.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Requests in flight to one host, so a publisher with many feeds is not hammered.</summary>
    [Range(1, 64)]
    public int MaxConcurrencyPerHost { get; set; } = 2;
}
