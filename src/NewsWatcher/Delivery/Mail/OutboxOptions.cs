using System.ComponentModel.DataAnnotations;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Section "Outbox": where .eml files go when no SMTP host is set.</summary>
internal sealed class OutboxOptions
{
    public const string Section = "Outbox";

    [Required]
    public string Directory { get; set; } = "./outbox";
}
