using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary>The options every verb understands: the config folder, and setting overrides (<c>--Section:Key=value</c>).</summary>
internal sealed class GlobalOptions
{
    public const string ConfigEnvironmentVariable = "NEWSWATCHER_CONFIG";

    /// <summary><c>--config DIR</c>, before or after the verb.</summary>
    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = $"The config folder: appsettings.json and the editor files; ${ConfigEnvironmentVariable} sets the default",
        HelpName = "DIR",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ConfigEnvironmentVariable) is { Length: > 0 } folder ? folder : "config",
    };

    /// <summary>
    /// Where <c>--Section:Key=value</c> tokens land after <see cref="SettingOverrides.Rewrite"/>: hidden, since help shows
    /// them in their own section in the form a person types.
    /// </summary>
    public Option<string[]> Settings { get; } = new(SettingOverrides.OptionName)
    {
        Hidden = true,
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
}
