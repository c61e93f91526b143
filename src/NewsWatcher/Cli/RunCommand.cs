using Microsoft.Extensions.Hosting;

namespace NewsWatcher.Cli;

/// <summary><c>newswatcher run</c> (also what no verb means): the long-running worker.</summary>
internal sealed class RunCommand : VerbCommand
{
    public RunCommand(GlobalOptions global, CliContext context)
        : base("run", "(default) The long-running worker: polls feeds on their schedules, sends alerts and digests, serves the ops endpoints.", global, context, readsSettings: true)
    {
        // The host stops on SIGTERM/Ctrl+C itself (graceful shutdown), so the parser's cancellation is not passed on.
        SetAction(parse => CliHost.RunAsync(Start(parse), scheduled: true, async (host, _, _) =>
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }, opensStore: true));
    }
}
