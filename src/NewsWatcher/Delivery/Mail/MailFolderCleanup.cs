using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Delivery.Mail;

/// <summary>
/// At start, in mail-folder mode, removes the temporaries that writes cut off by a crash left behind (hidden
/// <c>.{name}.eml.{guid}.tmp</c> files nothing else would ever remove).
/// </summary>
internal sealed class MailFolderCleanup(MailFolderSender folder, IOptions<SmtpOptions> smtp) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (smtp.Value.UsesMailFolder())
        {
            folder.RemoveInterruptedWrites();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
