
namespace NewsWatcher.Delivery.Mail;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}
