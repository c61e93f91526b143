using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary>One run of a verb: where it writes, the config folder, and the settings given on the command line.</summary>
internal sealed record VerbRun(CliContext Context, string ConfigDirectory, string[] ConfigurationArgs)
{
    public static VerbRun From(ParseResult parse, GlobalOptions global, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(global);
        return new(context, parse.GetRequiredValue(global.Config), SettingOverrides.ToConfigurationArgs(parse.GetValue(global.Settings)));
    }
}
