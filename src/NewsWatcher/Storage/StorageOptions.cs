using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Storage;

/// <summary>Section "Storage" (formerly "Redis"): the Redis or embedded Garnet store that dedup state, the outbox and feed state live in.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

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
}
