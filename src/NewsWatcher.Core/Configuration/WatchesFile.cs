using System.Text.RegularExpressions;
using NewsWatcher.Core.Watches;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads watches.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
/// <remarks>
/// A watch matches when at least one <c>any</c> term occurs, every <c>all</c> entry occurs (an entry may itself be a
/// list of alternatives) and no <c>none</c> term occurs. A term may be scoped with <c>title:</c> or <c>summary:</c>.
/// </remarks>
public static partial class WatchesFile
{
    public static IReadOnlyList<string> Categories { get; } =
        ["proposal", "acceptance", "rejection", "violation", "talks", "agreement", "exchange", "humanitarian", "other"];

    private static readonly string[] Allowed = ["id", "name", "category", "priority", "any", "all", "none"];

    public static WatchSet Parse(string yaml, string path)
    {
        var reader = new YamlConfigReader(path);
        var watches = reader.ReadEntries(
            yaml, "watches", "watch", "id", "watch id", Allowed, StringComparer.Ordinal, (mapping, ordinal) => ParseWatch(reader, mapping, ordinal));
        reader.ThrowIfErrors();
        return new WatchSet(watches);
    }

    private static Watch? ParseWatch(YamlConfigReader reader, YamlMappingNode mapping, int ordinal)
    {
        var label = YamlConfigReader.Peek(mapping, "id") is { } peeked ? $"watch '{peeked}'" : $"watch #{ordinal}";
        var fields = reader.Fields(mapping, label, Allowed);
        var id = reader.Text(fields, "id", $"watch #{ordinal}", mapping, required: true);
        var what = id is null ? $"watch #{ordinal}" : $"watch '{id}'";
        var ok = id is not null;
        if (id is not null && !SlugPattern().IsMatch(id))
        {
            reader.Error(fields["id"], $"{what}: id must be lower-case letters, digits and single hyphens (e.g. truce-accepted)");
            ok = false;
        }

        var name = reader.Text(fields, "name", what, mapping, required: true);
        var category = reader.Text(fields, "category", what, mapping, required: true);
        if (category is not null && !Categories.Contains(category, StringComparer.Ordinal))
        {
            reader.Error(fields["category"], $"{what}: category '{category}' is not one of {string.Join(", ", Categories)}");
            ok = false;
        }

        var priority = WatchPriority.Normal;
        var priorityText = reader.Text(fields, "priority", what, mapping, required: false);
        if (priorityText is not null)
        {
            switch (priorityText)
            {
                case "normal":
                    break;
                case "urgent":
                    priority = WatchPriority.Urgent;
                    break;
                default:
                    reader.Error(fields["priority"], $"{what}: priority '{priorityText}' must be normal or urgent");
                    ok = false;
                    break;
            }
        }

        var any = Terms(reader, fields, "any", what);
        if (any is { Count: 0 })
        {
            reader.Error(fields.GetValueOrDefault("any") ?? mapping, $"{what} has no 'any' terms");
            ok = false;
        }

        var all = AllEntries(reader, fields, what);
        var none = Terms(reader, fields, "none", what);
        if (!ok || any is null || all is null || none is null || name is null || category is null)
        {
            return null;
        }

        var parts = new List<Query> { new OrQuery(any) };
        parts.AddRange(all);
        if (none.Count > 0)
        {
            parts.Add(new NotQuery(new OrQuery(none)));
        }

        Query query = parts.Count == 1 ? parts[0] : new AndQuery(parts);
        return new Watch(id!, name, category, priority, query, YamlConfigReader.LineOf(mapping));
    }

    /// <summary>The terms of a list field; empty when absent, null when any term is unusable (errors reported).</summary>
    private static List<Query>? Terms(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string key, string what)
    {
        var items = reader.TextList(fields, key, what);
        if (items is null)
        {
            return fields.TryGetValue(key, out var node) && node is not YamlScalarNode ? null : [];
        }

        var terms = new List<Query>();
        var ok = true;
        foreach (var (value, node) in items)
        {
            var term = Term(reader, value, node, key, what);
            if (term is null)
            {
                ok = false;
            }
            else
            {
                terms.Add(term);
            }
        }

        return ok ? terms : null;
    }

    /// <summary>Each <c>all</c> entry must occur; an entry written as a list means "one of these".</summary>
    private static List<Query>? AllEntries(YamlConfigReader reader, Dictionary<string, YamlNode> fields, string what)
    {
        if (!fields.TryGetValue("all", out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        var entries = node is YamlSequenceNode sequence ? sequence.Children : [node];
        var result = new List<Query>();
        var ok = true;
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                    var term = Term(reader, scalar.Value.Trim(), scalar, "all", what);
                    ok &= term is not null;
                    if (term is not null)
                    {
                        result.Add(term);
                    }

                    break;
                case YamlSequenceNode group when group.Children.Count > 0:
                    var alternatives = new List<Query>();
                    foreach (var item in group.Children)
                    {
                        var alternative = item is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
                            ? Term(reader, s.Value.Trim(), s, "all", what)
                            : null;
                        if (alternative is null)
                        {
                            if (item is not YamlScalarNode)
                            {
                                reader.Error(item, $"{what}: an 'all' group may only list terms");
                            }

                            ok = false;
                        }
                        else
                        {
                            alternatives.Add(alternative);
                        }
                    }

                    result.Add(new OrQuery(alternatives));
                    break;
                default:
                    reader.Error(entry, $"{what}: each 'all' entry must be a term or a list of alternative terms");
                    ok = false;
                    break;
            }
        }

        return ok ? result : null;
    }

    private static TermQuery? Term(YamlConfigReader reader, string value, YamlNode node, string key, string what)
    {
        string? field = null;
        var text = value;
        foreach (var candidate in new[] { TermQuery.TitleField, TermQuery.SummaryField })
        {
            if (value.StartsWith(candidate + ":", StringComparison.OrdinalIgnoreCase))
            {
                field = candidate;
                text = value[(candidate.Length + 1)..].Trim();
            }
        }

        if (TermPattern.TryCompile(text, out var error) is null)
        {
            reader.Error(node, $"{what}: '{key}' term '{value}' {error}");
            return null;
        }

        return new TermQuery(text, field);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
