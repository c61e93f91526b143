using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Dedup;

/// <summary>Section "Dedup" (these keys were under "Redis" before): how long the ledger remembers what it has seen.</summary>
public sealed class DedupOptions
{
    public const string Section = "Dedup";

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
