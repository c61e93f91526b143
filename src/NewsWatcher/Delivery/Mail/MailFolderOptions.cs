using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Section "MailFolder" (formerly "Outbox"): the folder .eml files are written to when no SMTP host is set.</summary>
internal sealed class MailFolderOptions
{
    public const string Section = "MailFolder";

    [Required]
    public string Directory { get; set; } = "./outbox";
}
