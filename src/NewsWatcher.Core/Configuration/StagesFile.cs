using NewsWatcher.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads stages.yaml (the stage cues). Throws <see cref="ConfigException"/> listing every error with file, line and (in queries) column.</summary>
/// <remarks>
/// Top level: <c>rules:</c> (required; each has id, stage, query, optional unless and actor), optional <c>lists:</c>
/// (added to the lists of watches.yaml, which the cues may use as well), <c>actors:</c> (party name → terms),
/// <c>precedence:</c> (the nine stages, first wins; default the guideline's order), <c>fallback:</c> (the stage of an
/// article on which no cue fires, or <c>watches</c> for the first-ranked matched watch category) and <c>claims:</c>
/// (when a decision is strong enough to be shown as its stage; <see cref="StageClaims"/>). The top-level
/// <c>examples:</c> are read by <see cref="RuleExamples"/>, not here: they never stop the cues from being used.
/// </remarks>
public static class StagesFile
{
    public const string WatchesFallback = "watches";

    private static readonly string[] Allowed = ["id", "stage", "query", "unless", "actor", "strength", "neutral"];

    private static readonly string[] ClaimKeys = ["threshold", "summary", "contest"];

    /// <param name="sharedLists">The lists and named queries of watches.yaml (<see cref="WatchesFile.ParseLists"/>); null for none.</param>
    public static StageSet Parse(string yaml, string path, IReadOnlyDictionary<string, Query>? sharedLists = null)
    {
        var reader = new YamlConfigReader(path);
        var file = new WatchesFile.FileContext(reader, new YamlSource(yaml));
        var list = reader.LoadList(yaml, "rules", [WatchesFile.ListsKey, WatchesFile.QueriesKey, "actors", "precedence", "fallback", "claims", ThreadsSection.Key, RuleExamples.Key]);
        var root = reader.Root;
        var shared = sharedLists ?? new Dictionary<string, Query>();
        var lists = root is null ? [] : WatchesFile.ReadQueries(file, root, WatchesFile.ReadLists(file, root, shared), shared);
        var fields = root is null ? [] : root.Children.Where(c => c.Key is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => c.Value, StringComparer.Ordinal);
        var precedence = root is null ? [] : Precedence(reader, fields, root);
        var fallback = root is null ? null : reader.Text(fields, "fallback", "the top level", root, required: false);
        if (fallback is not null && fallback != WatchesFallback && !StageNames.IsKnown(fallback))
        {
            reader.Error(fields["fallback"], $"fallback '{fallback}' is not a stage ({string.Join(", ", StageNames.Precedence)}) or '{WatchesFallback}'");
        }

        var claims = Claims(reader, fields);
        var actors = root is null ? [] : Actors(file, fields, lists);
        var rules = reader.ReadEntries(list, "rule", "id", "rule id", Allowed, StringComparer.Ordinal, (mapping, ordinal) => Rule(file, lists, mapping, ordinal));
        reader.ThrowIfErrors();
        return fallback == WatchesFallback
            ? new StageSet(rules, actors, precedence, StageNames.Other, fallbackToWatches: true, claims)
            : new StageSet(rules, actors, precedence, fallback ?? StageNames.Other, claims: claims);
    }

    /// <summary><c>claims:</c> threshold, summary and contest (each 0 to 1); the defaults of <see cref="StageClaims"/> when absent.</summary>
    private static StageClaims Claims(YamlConfigReader reader, Dictionary<string, YamlNode> fields)
    {
        if (!fields.TryGetValue("claims", out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return new StageClaims();
        }

        if (node is not YamlMappingNode map)
        {
            reader.Error(node, "'claims' must be a map (threshold: 0.5, summary: 0.6, contest: 0.25)");
            return new StageClaims();
        }

        var values = reader.Fields(map, "claims", ClaimKeys);
        return new StageClaims(
            reader.Fraction(values, "threshold", "claims", map, allowZero: true) ?? StageClaims.DefaultThreshold,
            reader.Fraction(values, "summary", "claims", map, allowZero: true) ?? StageClaims.DefaultSummaryFactor,
            reader.Fraction(values, "contest", "claims", map, allowZero: true) ?? StageClaims.DefaultContestFactor);
    }

    private static List<string> Precedence(YamlConfigReader reader, Dictionary<string, YamlNode> fields, YamlMappingNode root)
    {
        var items = reader.TextList(fields, "precedence", "the top level");
        if (items is null)
        {
            return [];
        }

        var order = new List<string>();
        foreach (var (value, node) in items)
        {
            if (!StageNames.IsKnown(value))
            {
                reader.Error(node, $"precedence: '{value}' is not a stage ({string.Join(", ", StageNames.Precedence)})");
            }
            else if (order.Contains(value, StringComparer.Ordinal))
            {
                reader.Error(node, $"precedence: '{value}' is listed twice");
            }
            else
            {
                order.Add(value);
            }
        }

        var missing = StageNames.Precedence.Except(order, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 && order.Count == items.Count)
        {
            reader.Error(fields.GetValueOrDefault("precedence") ?? root, $"precedence must list all nine stages; missing {string.Join(", ", missing)}");
        }

        return order;
    }

    private static List<StageActor> Actors(WatchesFile.FileContext file, Dictionary<string, YamlNode> fields, Dictionary<string, Query> lists)
    {
        var actors = new List<StageActor>();
        if (!fields.TryGetValue("actors", out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return actors;
        }

        if (node is not YamlMappingNode map)
        {
            file.Reader.Error(node, "'actors' must be a map of party names to terms (Russia: [Russia, Russian, Kremlin, Росси*])");
            return actors;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var name = ((keyNode as YamlScalarNode)?.Value ?? string.Empty).Trim();
            if (name.Length == 0 || actors.Exists(a => a.Name == name))
            {
                file.Reader.Error(keyNode, name.Length == 0 ? "an actor needs a name" : $"duplicate actor '{name}'");
                continue;
            }

            var terms = new List<Query>();
            var ok = true;
            foreach (var (text, scalar, offset) in WatchesFile.ListItems(file, value, $"actor '{name}'"))
            {
                var term = file.Term(text, scalar, offset, lists);
                ok &= term is not null;
                if (term is not null)
                {
                    terms.Add(term);
                }
            }

            if (ok && terms.Count > 0)
            {
                actors.Add(new StageActor(name, terms.Count == 1 ? terms[0] : new OrQuery(terms), YamlConfigReader.LineOf(keyNode)));
            }
        }

        return actors;
    }

    private static StageRule? Rule(WatchesFile.FileContext file, Dictionary<string, Query> lists, YamlMappingNode mapping, int ordinal)
    {
        var reader = file.Reader;
        var label = YamlConfigReader.Peek(mapping, "id") is { } peeked ? $"rule '{peeked}'" : $"rule #{ordinal}";
        var fields = reader.Fields(mapping, label, Allowed);
        var errors = reader.ErrorCount;
        var id = reader.Text(fields, "id", label, mapping, required: true);
        var stage = reader.Text(fields, "stage", label, mapping, required: true);
        if (stage is not null && !StageNames.IsKnown(stage))
        {
            reader.Error(fields["stage"], $"{label}: stage '{stage}' is not one of {string.Join(", ", StageNames.Precedence)}");
        }

        var query = fields.ContainsKey("query") ? file.Query(fields, "query", label, lists) : null;
        if (!fields.ContainsKey("query"))
        {
            reader.Error(mapping, $"{label} is missing required field 'query'");
        }

        var unless = fields.ContainsKey("unless") ? file.AnyQuery(fields, "unless", label, lists) : null;
        var actor = reader.Text(fields, "actor", label, mapping, required: false);
        if (actor is not (null or "before" or "after"))
        {
            reader.Error(fields["actor"], $"{label}: actor '{actor}' must be before (the doer is named before the cue, the default) or after");
        }

        var strength = reader.Fraction(fields, "strength", label, mapping, allowZero: false) ?? StageRule.FullStrength;
        var neutral = reader.Bool(fields, "neutral", label, mapping) ?? false;
        if (neutral && stage is not null && stage != StageNames.Other)
        {
            reader.Error(fields["neutral"], $"{label}: neutral: true withholds the claims made beside it, so its stage must be {StageNames.Other}, not '{stage}'");
        }

        if (reader.ErrorCount > errors || id is null || stage is null || query is null)
        {
            return null;
        }

        return new StageRule(id, stage, query, unless, actor == "after", YamlConfigReader.LineOf(mapping), strength, neutral);
    }
}
