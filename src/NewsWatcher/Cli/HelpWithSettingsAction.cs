using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace NewsWatcher.Cli;

/// <summary>
/// The generated help, then what the parser cannot describe: for a verb that reads settings, the
/// <c>--Section:Key=value</c> overrides; for the root, the exit codes.
/// </summary>
internal sealed class HelpWithSettingsAction : SynchronousCommandLineAction
{
    private readonly HelpAction _generated = new();

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        _generated.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var command = parseResult.CommandResult.Command;
        if (command is NewsWatcherRootCommand or VerbCommand { ReadsSettings: true })
        {
            output.WriteLine("Settings:");
            output.WriteLine("  --Section:Key=value  Override one setting for this run, above config/appsettings.json and the environment");
            output.WriteLine("                       (Section__Key), e.g. --Smtp:Host=relay.example.org; 'check' prints every setting.");
            output.WriteLine();
        }

        if (command is NewsWatcherRootCommand)
        {
            output.WriteLine("Exit codes: 0 success, 1 unexpected failure, 2 invalid configuration or usage.");
            output.WriteLine();
        }

        return 0;
    }
}
