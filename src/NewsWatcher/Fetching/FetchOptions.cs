using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Fetching;

/// <summary>Section "Fetch": bounds on every feed request.</summary>
public sealed class FetchOptions
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
}
