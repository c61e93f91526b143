using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Polling;

namespace NewsWatcher.Cli;

/// <summary><c>newswatcher once</c>: poll every enabled feed once, send everything pending, exit (cron, demos, tests).</summary>
internal sealed class OnceCommand : VerbCommand
{
    public OnceCommand(GlobalOptions global, CliContext context)
        : base("once", "Poll every enabled feed once, send everything pending, exit 0 (a failing feed is reported, not fatal).", global, context, readsSettings: true)
    {
        SetAction(parse => CliHost.RunAsync(Start(parse), scheduled: false, async (host, _, _) =>
        {
            await host.StartAsync().ConfigureAwait(false);
            var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(CancellationToken.None).ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
            await WriteAsync(report, context.Output).ConfigureAwait(false);
            return 0;
        }, opensStore: true));
    }

    /// <summary>One line per feed polled and per subscriber something was sent to.</summary>
    public static async Task WriteAsync(OnceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var poll in report.Polls)
        {
            await output.WriteLineAsync($"feed {poll.FeedId}: {poll.Status}, {poll.Articles} articles, {poll.NewArticles} new{(poll.Error is null ? "" : $" ({poll.Error})")}").ConfigureAwait(false);
        }

        foreach (var send in report.Sends.Where(s => s.Kind != SendStatus.Nothing))
        {
            await output.WriteLineAsync($"subscriber {send.SubscriberId}: {send.Status} {send.DigestId} ({send.Items} items){(send.Error is null ? "" : $" ({send.Error})")}").ConfigureAwait(false);
        }
    }
}
