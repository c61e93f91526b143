using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Section "Digest": how digests and alerts look, and how long failed sends wait before the next attempt.</summary>
internal sealed class DigestOptions
{
    public const string Section = "Digest";

    public const string DefaultSubjectPrefix = "[NewsWatcher]";

    /// <summary>5 MB: half of Postfix's default message_size_limit (10 MB), and under the 10–25 MB most providers accept.</summary>
    public const int DefaultMaxMessageBytes = 5 * 1024 * 1024;

    /// <summary>Starts every subject, e.g. "[NewsWatcher]".</summary>
    [MaxLength(60)]
    public string SubjectPrefix { get; set; } = DefaultSubjectPrefix;

    /// <summary>Folder of the Liquid templates, relative to the config folder; a missing file uses the built-in default.</summary>
    [Required]
    public string TemplateDirectory { get; set; } = "templates";

    /// <summary>Address for the List-Unsubscribe mailto link; empty uses the sender address (Smtp:From).</summary>
    public string UnsubscribeAddress { get; set; } = "";

    /// <summary>
    /// Largest message (as sent: encoded, headers included) one alert or digest may be; more items are split across
    /// several messages, and an item that alone is larger is given up (recorded, counted, logged).
    /// </summary>
    [Range(10_000, 1_000_000_000)]
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>
    /// Wait after the first transient failure; doubled after each further one up to <see cref="RetryMaxDelay"/>, each
    /// wait shortened at random by up to 20 % (the same backoff as failing feeds, <see cref="Core.Retries.BackoffPolicy"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
}
