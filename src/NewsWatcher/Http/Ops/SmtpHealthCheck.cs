using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Http;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// Readiness report only: can the SMTP relay be reached over TCP? An unreachable relay is "degraded", never
/// "unhealthy": mail stays queued until it is back, so the process is still doing its job.
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> smtp, IOptions<MailFolderOptions> folder, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = smtp.Value;
        if (options.UsesMailFolder())
        {
            return HealthCheckResult.Healthy($"no SMTP host: mail is written to {folder.Value.Directory}");
        }

        using var limit = new CancellationTokenSource(Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{options.Host}:{options.Port} accepts connections");
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = ex is OperationCanceledException ? "no answer within 3 s" : ex.Message;
            return HealthCheckResult.Degraded($"{options.Host}:{options.Port} is not reachable ({why}); mail stays queued");
        }
    }
}
