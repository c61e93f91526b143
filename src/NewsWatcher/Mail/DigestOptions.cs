using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Mail;

/// <summary>Section "Digest": how digests and alerts look, and how long failed sends wait before the next attempt.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    public const string DefaultSubjectPrefix = "[NewsWatcher]";

    /// <summary>Starts every subject, e.g. "[NewsWatcher]".</summary>
    [MaxLength(60)]
    public string SubjectPrefix { get; set; } = DefaultSubjectPrefix;

    /// <summary>Folder of the Liquid templates, relative to the config folder; a missing file uses the built-in default.</summary>
    [Required]
    public string TemplateDirectory { get; set; } = "templates";

    /// <summary>Address for the List-Unsubscribe mailto link; empty uses the sender address (Smtp:From).</summary>
    public string UnsubscribeAddress { get; set; } = "";

    /// <summary>Wait after the first transient failure; doubled after each further one up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before attempt <paramref name="failures"/> + 1: exponential, capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var delay = RetryInitialDelay * Math.Pow(2, exponent);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}
