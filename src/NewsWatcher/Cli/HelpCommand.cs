using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary><c>newswatcher help [VERB…]</c>: the same help as <c>--help</c>, for those who type it as a verb.</summary>
internal sealed class HelpCommand : VerbCommand
{
    private readonly Argument<string[]> _verb = new("VERB")
    {
        Description = "The verb to explain, e.g. 'rules test'",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public HelpCommand(GlobalOptions global, CliContext context)
        : base("help", "Show the help of NewsWatcher or of one verb.", global, context, readsSettings: false)
    {
        Arguments.Add(_verb);
        SetAction(parse =>
        {
            var root = (NewsWatcherRootCommand)parse.RootCommandResult.Command;
            var path = parse.GetValue(_verb) ?? [];
            Command command = root;
            foreach (var name in path)
            {
                var verbs = command.Subcommands.Where(c => !c.Hidden).ToList();
                if (verbs.FirstOrDefault(c => c.Name == name) is not { } next)
                {
                    var where = command == root ? "" : $" {string.Join(' ', path.TakeWhile(p => p != name))}";
                    context.Error.WriteLine($"error: help: no verb '{name.Trim()}'{(where.Length == 0 ? "" : $" under '{where.Trim()}'")}{Suggestions.DidYouMean(name, verbs.Select(c => c.Name))}");
                    return ExitCodes.Invalid;
                }

                command = next;
            }

            root.WriteHelp(path, context.Output);
            return 0;
        });
    }
}
