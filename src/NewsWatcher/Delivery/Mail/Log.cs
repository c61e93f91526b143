using Microsoft.Extensions.Logging;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Source-generated log messages for the mail stage. Never log passwords or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sent digest {DigestId} to {Subscriber} via {SmtpHost}")]
    public static partial void MailSent(ILogger logger, string subscriber, string digestId, string smtpHost);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Could not send digest {DigestId} to {Subscriber}; transient failure, will retry: {Reason}")]
    public static partial void MailTransientFailure(ILogger logger, string subscriber, string digestId, string reason, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Could not send digest {DigestId} to {Subscriber}; permanent failure: {Reason}")]
    public static partial void MailPermanentFailure(ILogger logger, string subscriber, string digestId, string reason, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Wrote digest {DigestId} for {Subscriber} to {OutboxPath}")]
    public static partial void OutboxWritten(ILogger logger, string subscriber, string digestId, string outboxPath);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Could not write digest {DigestId} for {Subscriber} to the outbox {OutboxDirectory}")]
    public static partial void OutboxFailed(ILogger logger, string subscriber, string digestId, string outboxDirectory, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Removed {OutboxPath}: a write cut off by a crash left it; its message is resent from the store")]
    public static partial void OutboxTemporaryRemoved(ILogger logger, string outboxPath);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "{TemplateError}")]
    public static partial void TemplateBroken(ILogger logger, string templateError);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Digest {DigestId} for {Subscriber}: template {Template} failed, {Reason}; its part was rendered with the built-in template so the message still goes out")]
    public static partial void TemplateFellBack(ILogger logger, string digestId, string subscriber, string template, string reason);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Waiting {Delay} before the next message to {SmtpHost} (rate limit)")]
    public static partial void RateLimited(ILogger logger, TimeSpan delay, string smtpHost);
}
