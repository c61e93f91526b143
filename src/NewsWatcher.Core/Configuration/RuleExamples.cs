using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>
/// The editors' regression examples: the top-level <c>examples:</c> list of watches.yaml (headline → the watches or
/// categories it must match, or none) and of stages.yaml (headline → the stage and, optionally, the actor it must show).
/// </summary>
/// <remarks>
/// Read apart from the rules themselves: an example that fails, or is written wrong, never stops the rules from being
/// used. <c>check</c> fails on it, <c>rules test</c>/<c>rules eval</c> warn, and the running worker logs a warning when
/// it applies a saved file (docs/editors.md).
/// </remarks>
public static class RuleExamples
{
    public const string Key = "examples";

    /// <summary>In <c>matches:</c>, any watch at all (the headline is cease-fire news).</summary>
    public const string Any = "any";

    /// <summary>In <c>matches:</c>, no watch (not cease-fire news); as <c>actor:</c>, no actor named.</summary>
    public const string None = "none";

    private static readonly string[] WatchFields = ["text", "matches", "summary"];
    private static readonly string[] StageFields = ["text", "stage", "actor", "summary"];

    /// <summary>The examples of watches.yaml; none when it has no <c>examples:</c> or cannot be read as YAML (loading it reports that).</summary>
    /// <exception cref="ConfigException">An example is written wrong; every such error, with its line.</exception>
    public static IReadOnlyList<RuleExample> ParseWatchExamples(string yaml, string path) => Parse(yaml, path, WatchFields, WatchExample);

    /// <summary>The examples of stages.yaml, as <see cref="ParseWatchExamples"/>.</summary>
    /// <exception cref="ConfigException">An example is written wrong; every such error, with its line.</exception>
    public static IReadOnlyList<RuleExample> ParseStageExamples(string yaml, string path) => Parse(yaml, path, StageFields, StageExample);

    /// <summary>
    /// Runs each example through the watches and then the stage cues, as a poll would: one error (at the example's
    /// line) for each that does not hold, saying what it gave instead; empty when all hold.
    /// </summary>
    public static IReadOnlyList<ConfigError> Check(WatchSet watches, StageSet stages, IEnumerable<RuleExample> examples)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(examples);
        var ids = watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var actors = stages.Actors.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ConfigError>();
        foreach (var example in examples)
        {
            var article = new Article($"example:{example.Line}", "example", example.Text, example.Summary, null, DateTimeOffset.UnixEpoch);
            var matches = watches.Match(article);
            var problem = example.Matches is { } expected
                ? MatchProblem(expected, matches, ids)
                : StageProblem(example, article, matches, stages, actors);
            if (problem is not null)
            {
                errors.Add(new ConfigError(example.File, example.Line, 0, $"example \"{example.Text}\" {problem}"));
            }
        }

        return errors;
    }

    private static string? MatchProblem(IReadOnlyList<string> expected, IReadOnlyList<WatchMatch> matches, HashSet<string> ids)
    {
        var unknown = expected.Where(e => e != Any && !ids.Contains(e) && !WatchesFile.Categories.Contains(e, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return $"expects '{string.Join("', '", unknown)}', which is neither a watch id of this file nor a category ({string.Join(", ", WatchesFile.Categories)})";
        }

        var missing = expected.Where(e => e == Any ? matches.Count == 0 : !matches.Any(m => m.WatchId == e || m.Category == e)).ToList();
        if (expected.Count == 0 && matches.Count > 0)
        {
            return $"should match no watch; got: {Describe(matches)}";
        }

        return missing.Count == 0 ? null : $"should match {string.Join(", ", expected)}; got: {Describe(matches)}";
    }

    private static string? StageProblem(RuleExample example, Article article, IReadOnlyList<WatchMatch> matches, StageSet stages, HashSet<string> actors)
    {
        if (example.Actor is { } named && named != None && !actors.Contains(named))
        {
            return $"expects actor '{named}', which is not one of the actors ({string.Join(", ", actors)})";
        }

        var wanted = example.Actor is null or None ? example.Stage : $"{example.Stage} — {example.Actor}";
        if (matches.Count == 0)
        {
            return $"should be {wanted}; got: no watch matched, so no stage";
        }

        var decision = stages.Classify(article, matches);
        var actorHolds = example.Actor is null || (example.Actor == None ? decision.Actor is null : decision.Actor == example.Actor);
        if (decision.Stage == example.Stage && actorHolds)
        {
            return null;
        }

        var why = decision.Rule is { } rule ? $" (rule {rule.RuleId})" : " (no cue fired)";
        return $"should be {wanted}; got: {(example.Actor is null ? decision.Stage : decision.ToString())}{why}";
    }

    private static string Describe(IReadOnlyList<WatchMatch> matches) =>
        matches.Count == 0 ? "no match" : string.Join(", ", matches.Select(m => $"{m.WatchId} ({m.Category})"));

    private static List<RuleExample> Parse(
        string yaml, string path, string[] allowed, Func<YamlConfigReader, YamlMappingNode, string, RuleExample?> parse)
    {
        // The file itself is read (and its errors reported) by the parser of its rules; here only the examples count.
        var loader = new YamlConfigReader(path);
        loader.LoadList(yaml, Key);
        var node = loader.Root?.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: Key }).Value;
        var reader = new YamlConfigReader(path);
        var examples = new List<RuleExample>();
        switch (node)
        {
            case null or YamlScalarNode { Value: null or "" }:
                break;
            case YamlSequenceNode list:
                var ordinal = 0;
                foreach (var entry in list.Children)
                {
                    ordinal++;
                    if (entry is not YamlMappingNode mapping)
                    {
                        reader.Error(entry, $"each example must be a map of fields ({string.Join(", ", allowed)}), not {YamlConfigReader.Describe(entry)}");
                        continue;
                    }

                    var label = YamlConfigReader.Peek(mapping, "text") is { } text ? $"example \"{text}\"" : $"example #{ordinal}";
                    if (parse(reader, mapping, label) is { } example)
                    {
                        examples.Add(example);
                    }
                }

                break;
            default:
                reader.Error(node, $"'{Key}' must be a list of headlines with what they should give (- text: \"…\" then {allowed[1]}: …)");
                break;
        }

        reader.ThrowIfErrors();
        return examples;
    }

    private static RuleExample? WatchExample(YamlConfigReader reader, YamlMappingNode mapping, string label)
    {
        var errors = reader.ErrorCount;
        var fields = reader.Fields(mapping, label, WatchFields);
        var text = reader.Text(fields, "text", label, mapping, required: true);
        var summary = reader.Text(fields, "summary", label, mapping, required: false) ?? string.Empty;
        var matches = reader.TextList(fields, "matches", label);
        if (matches is null)
        {
            reader.Error(mapping, $"{label} is missing required field 'matches' (watch ids or categories, '{Any}', or '{None}')");
        }
        else if (matches.Count > 1 && matches.Find(m => m.Value is Any or None) is { Node: not null } alone)
        {
            reader.Error(alone.Node, $"{label}: '{alone.Value}' stands alone in 'matches', not in a list with watch ids");
        }

        if (reader.ErrorCount > errors || text is null || matches is null)
        {
            return null;
        }

        IReadOnlyList<string> expected = matches is [{ Value: None }] ? [] : [.. matches.Select(m => m.Value)];
        return new RuleExample(reader.Path, YamlConfigReader.LineOf(mapping), text, summary, expected, null, null);
    }

    private static RuleExample? StageExample(YamlConfigReader reader, YamlMappingNode mapping, string label)
    {
        var errors = reader.ErrorCount;
        var fields = reader.Fields(mapping, label, StageFields);
        var text = reader.Text(fields, "text", label, mapping, required: true);
        var summary = reader.Text(fields, "summary", label, mapping, required: false) ?? string.Empty;
        var stage = reader.Text(fields, "stage", label, mapping, required: true);
        if (stage is not null && !StageNames.IsKnown(stage))
        {
            reader.Error(fields["stage"], $"{label}: stage '{stage}' is not one of {string.Join(", ", StageNames.Precedence)}");
        }

        var actor = reader.Text(fields, "actor", label, mapping, required: false);
        if (reader.ErrorCount > errors || text is null || stage is null)
        {
            return null;
        }

        return new RuleExample(reader.Path, YamlConfigReader.LineOf(mapping), text, summary, null, stage, actor);
    }
}
