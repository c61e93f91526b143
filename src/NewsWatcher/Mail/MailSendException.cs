namespace NewsWatcher.Mail;

/// <summary>A message was not accepted. Transient failures (4xx, timeouts, refused connections) are retried; permanent ones are not.</summary>
public sealed class MailSendException : Exception
{
    public MailSendException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    public bool IsTransient { get; }
}
