using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Storage;

/// <summary>Section "Redis": where dedup state and pending mail live.</summary>
public sealed class StoreOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string; empty starts an embedded Garnet server on loopback.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>A file holding the Redis password (a mounted secret); wins over a password in <see cref="Configuration"/>.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>Where the embedded Garnet server keeps its data (relative to the working directory).</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// Prefix for every key, so several deployments can share one Redis. On a Redis Cluster make it a hash tag
    /// (<c>{nw}:</c>): the store's scripts and transactions span several keys, which a cluster only allows in one slot.
    /// </summary>
    [Required]
    [RegularExpression("^(\\{[A-Za-z0-9:_-]{1,30}\\})?[A-Za-z0-9:_-]{0,32}$")]
    public string KeyPrefix { get; set; } = "nw:";

    /// <summary>How long a seen article id or link is remembered.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan SeenTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a feed's normalised headline is remembered, so a changed guid or link does not re-alert the same article.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan TitleTtl { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Articles published this close together (and alike enough) are one story; story fingerprints live this long.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan StoryWindow { get; set; } = TimeSpan.FromDays(2);
}
