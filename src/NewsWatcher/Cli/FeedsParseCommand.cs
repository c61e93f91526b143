using System.CommandLine;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Cli;

/// <summary>
/// <c>newswatcher feeds parse PATH…</c>: parses feed files (or every file below folders) with the worker's own parser and
/// prints one TSV row per file, then a totals line on stderr.
/// </summary>
internal sealed class FeedsParseCommand : VerbCommand
{
    public const string Header = "path\titems\tstatus\tdetail";

    private readonly Argument<string[]> _paths = new("PATH")
    {
        Description = "Feed files, or folders whose files (all below, but *.md) are parsed",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public FeedsParseCommand(GlobalOptions global, CliContext context)
        : base("parse", "Parse feed files or folders with the worker's parser: TSV (path, items, status, detail) on stdout, totals on stderr.", global, context, readsSettings: false)
    {
        Arguments.Add(_paths);
        Validators.Add(result =>
        {
            var paths = result.GetValue(_paths) ?? [];
            if (paths.Length == 0)
            {
                result.AddError("feeds parse needs at least one file or folder");
            }

            // An unknown option reaches the paths (the parser takes any token there); name it as one, not as a missing file.
            foreach (var path in paths.Where(p => p.Length > 1 && p.StartsWith('-') && !Path.Exists(p)))
            {
                result.AddError(UsageErrors.Unknown(result, path));
            }
        });
        SetAction(parse => Run(parse.GetValue(_paths) ?? [], context.Output, context.Error, context.Time));
    }

    /// <returns>0, or 2 when a path does not exist or none was given.</returns>
    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter errors, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(time);
        if (paths.Count == 0)
        {
            errors.WriteLine("error: feeds parse needs at least one file or folder");
            return ExitCodes.Invalid;
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                errors.WriteLine($"error: no such file or folder: {path}");
                return ExitCodes.Invalid;
            }
        }

        output.WriteLine(Header);
        var counts = FeedParseStatusLabels.All.ToDictionary(s => s, _ => 0);
        var items = 0;
        foreach (var file in files)
        {
            var result = FeedParser.Parse(File.ReadAllBytes(file), "cli", time.GetUtcNow());
            var detail = result.Error ?? string.Join("; ", result.Repairs);
            output.WriteLine($"{Clean(file)}\t{result.Articles.Count}\t{result.Kind.ToLabel()}\t{Clean(detail)}");
            counts[result.Kind]++;
            items += result.Articles.Count;
        }

        errors.WriteLine($"total: {files.Count} files, {items} items; {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key.ToLabel()}"))}");
        return 0;
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
