using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Section "Smtp". With no Host, mail is written as .eml files to the outbox folder instead.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>A file holding the password (a mounted secret); wins over Password.</summary>
    public string PasswordFile { get; set; } = "";

    [Required]
    public string From { get; set; } = "NewsWatcher <newswatcher@localhost>";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages handed to the relay per minute, to protect it; 0 for no limit.</summary>
    [Range(0, 100_000)]
    public int MaxMessagesPerMinute { get; set; } = 120;

    /// <summary>A PEM certificate to trust for the relay's TLS besides the system's roots (a private CA or a self-signed relay).</summary>
    public string TrustedCertificateFile { get; set; } = "";

    /// <summary>The one mail-folder decision: with no <see cref="Host"/>, mail goes to .eml files in MailFolder:Directory.</summary>
    public bool UsesMailFolder() => string.IsNullOrWhiteSpace(Host);
}
