using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary>
/// A verb of the command line, with what it writes to and the options all verbs share. A verb that reads no settings
/// rejects <c>--Section:Key=value</c> (see <see cref="UsageErrors"/>) instead of ignoring it.
/// </summary>
internal abstract class VerbCommand : Command
{
    protected VerbCommand(string name, string description, GlobalOptions global, CliContext context, bool readsSettings)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(context);
        Global = global;
        Context = context;
        ReadsSettings = readsSettings;
    }

    /// <summary>True when the verb reads appsettings.json and takes <c>--Section:Key=value</c> overrides.</summary>
    public bool ReadsSettings { get; }

    protected GlobalOptions Global { get; }

    protected CliContext Context { get; }

    /// <summary>This run's config folder and settings, from the parsed command line.</summary>
    protected VerbRun Start(ParseResult parse) => VerbRun.From(parse, Global, Context);
}
