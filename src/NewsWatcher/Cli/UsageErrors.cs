using System.CommandLine;
using System.CommandLine.Parsing;

namespace NewsWatcher.Cli;

/// <summary>
/// Bad command lines: every unknown token and parse error as one line naming the verb, with the closest known
/// spelling, then that verb's help on stderr; exit code 2.
/// </summary>
internal static class UsageErrors
{
    /// <summary>Each problem with the command line, without the <c>error: </c> prefix; empty when there is none.</summary>
    public static IReadOnlyList<string> Find(ParseResult parse, GlobalOptions global)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(global);
        var problems = parse.UnmatchedTokens.Select(t => Unknown(parse.CommandResult, t)).ToList();

        // The parser's own line for each of those ("Unrecognized command or argument 'x'") is replaced by the above.
        var errors = parse.Errors.ToList();
        foreach (var token in parse.UnmatchedTokens)
        {
            var index = errors.FindIndex(e => e.SymbolResult is CommandResult && e.Message.Contains($"'{token}'", StringComparison.Ordinal));
            if (index >= 0)
            {
                errors.RemoveAt(index);
            }
        }

        problems.AddRange(errors.Select(e => e.Message));
        if (parse.CommandResult.Command is VerbCommand { ReadsSettings: false } && parse.GetValue(global.Settings) is { Length: > 0 } settings)
        {
            problems.Add($"{PathOf(parse.CommandResult)} reads no settings: {string.Join(", ", settings.Select(s => "--" + s))}");
        }

        return problems;
    }

    /// <summary>Writes the problems and the help of the verb they belong to; returns <see cref="ExitCodes.Invalid"/>.</summary>
    public static int Report(NewsWatcherRootCommand root, ParseResult parse, IReadOnlyList<string> problems, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var problem in problems)
        {
            error.WriteLine($"error: {problem}");
        }

        error.WriteLine();
        root.WriteHelp(Chain(parse.CommandResult).Skip(1).Select(c => c.Name), error);
        return ExitCodes.Invalid;
    }

    /// <summary>What is wrong with a token no option, verb or argument of <paramref name="result"/>'s verb took.</summary>
    public static string Unknown(CommandResult result, string token)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(token);
        var where = PathOf(result) is { Length: > 0 } path ? $"{path}: " : "";
        var command = result.Command;
        if (token.Length > 1 && token.StartsWith('-'))
        {
            if (SettingOverrides.LooksLikeSettingWithoutValue(token))
            {
                return $"{where}unknown option '{token}': a setting is given as {token}=VALUE";
            }

            var options = OptionNames(result).ToList();
            if (Suggestions.Closest(token.TrimStart('-'), options.Select(o => o.TrimStart('-'))) is { } option)
            {
                return $"{where}unknown option '{token}' (did you mean '--{option}'?)";
            }

            var verbs = Verbs(Chain(result).First()).ToList();
            return Suggestions.Closest(token.TrimStart('-'), verbs.Select(v => v.Name)) is { } verb
                ? $"{where}unknown option '{token}' (did you mean the command '{verbs.First(v => v.Name == verb).Path}'?)"
                : $"{where}unknown option '{token}'; the options are {string.Join(", ", options)}";
        }

        return command.Subcommands.Count > 0
            ? $"{where}unknown command '{token}'{Suggestions.DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
            : $"{where}unexpected argument '{token}'";
    }

    /// <summary>The verb as typed after the executable, e.g. <c>rules test</c>; empty for the root.</summary>
    public static string PathOf(SymbolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = new List<string>();
        for (var current = result as CommandResult; current is { Parent: not null }; current = current.Parent as CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The commands from the root down to <paramref name="result"/>'s.</summary>
    private static List<Command> Chain(CommandResult result)
    {
        var chain = new List<Command>();
        for (var current = result; current is not null; current = current.Parent as CommandResult)
        {
            chain.Insert(0, current.Command);
        }

        return chain;
    }

    /// <summary>The long names of the options the verb takes, its own and those its parents pass down.</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var chain = Chain(result);
        return chain[^1].Options
            .Concat(chain.Take(chain.Count - 1).SelectMany(c => c.Options.Where(o => o.Recursive)))
            .Where(o => !o.Hidden)
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.StartsWith("--", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>Every verb below <paramref name="command"/>, with its path (<c>feeds parse</c>).</summary>
    private static IEnumerable<(string Name, string Path)> Verbs(Command command, string prefix = "")
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            var path = prefix.Length == 0 ? sub.Name : $"{prefix} {sub.Name}";
            yield return (sub.Name, path);
            foreach (var nested in Verbs(sub, path))
            {
                yield return nested;
            }
        }
    }
}
