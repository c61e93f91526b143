using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// Fault injection: delivers through the real sender, then fails as a process crash would,
/// between the server's acceptance and the acknowledgement in the store.
/// </summary>
internal sealed class CrashAfterSendMailSender : IMailSender
{
    private readonly IMailSender _inner;

    public CrashAfterSendMailSender(IMailSender inner)
    {
        _inner = inner;
    }

    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<IMailSender>(sp => new CrashAfterSendMailSender(sp.GetRequiredService<SmtpMailSender>()));
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _inner.SendAsync(message, cancellationToken);
        throw new InvalidOperationException("simulated crash after the server accepted the message");
    }
}
