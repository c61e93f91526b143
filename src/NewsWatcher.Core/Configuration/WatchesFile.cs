using System.Globalization;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads watches.yaml. Throws <see cref="ConfigException"/> listing every error with file, line and (in queries) column.</summary>
/// <remarks>
/// A watch has a <c>query</c> in the query language (see <see cref="QueryParser"/>), or the first release's simple form:
/// at least one <c>any</c> term, every <c>all</c> entry (an entry may itself be a list of alternatives), no <c>none</c>
/// term. Named term lists under the top-level <c>lists:</c>, and named queries under <c>queries:</c> (a condition written
/// once and shared, such as an exclusion several watches use), are used as <c>@name</c> in both. The top-level
/// <c>examples:</c> are read by <see cref="RuleExamples"/>, not here: they never stop the watches from being used.
/// </remarks>
public static partial class WatchesFile
{
    public const string ListsKey = "lists";

    public const string QueriesKey = "queries";

    public static IReadOnlyList<string> Categories { get; } =
        ["proposal", "acceptance", "rejection", "violation", "talks", "agreement", "exchange", "humanitarian", "other"];

    private static readonly string[] Allowed = ["id", "name", "category", "priority", "query", "exclude", "feeds", "any", "all", "none"];

    public static WatchSet Parse(string yaml, string path) => new(ParseWatches(yaml, path));

    /// <summary>The watches of the file, validated but not yet compiled together.</summary>
    public static IReadOnlyList<Watch> ParseWatches(string yaml, string path)
    {
        var reader = new YamlConfigReader(path);
        var file = new FileContext(reader, new YamlSource(yaml));
        var list = reader.LoadList(yaml, "watches", [ListsKey, QueriesKey, RuleExamples.Key]);
        var lists = reader.Root is { } root ? ReadQueries(file, root, ReadLists(file, root)) : [];
        var watches = reader.ReadEntries(
            list, "watch", "id", "watch id", Allowed, StringComparer.Ordinal, (mapping, ordinal) => ParseWatch(file, lists, mapping, ordinal));
        reader.ThrowIfErrors();
        return watches;
    }

    /// <summary>The named lists and queries of a watches file, for another editor file to use (stages.yaml).</summary>
    /// <exception cref="ConfigException">The file cannot be read as far as its lists and queries, or one is broken.</exception>
    public static IReadOnlyDictionary<string, Query> ParseLists(string yaml, string path)
    {
        var reader = new YamlConfigReader(path);
        reader.LoadList(yaml, "watches", [ListsKey, QueriesKey, RuleExamples.Key]);
        var file = new FileContext(reader, new YamlSource(yaml));
        var lists = reader.Root is { } root ? ReadQueries(file, root, ReadLists(file, root)) : [];
        reader.ThrowIfErrors();
        return lists;
    }

    /// <param name="shared">Lists defined elsewhere that this file's lists and queries may use; a list here may not reuse their names.</param>
    internal static Dictionary<string, Query> ReadLists(FileContext file, YamlMappingNode root, IReadOnlyDictionary<string, Query>? shared = null)
    {
        var lists = new Dictionary<string, Query>(shared ?? new Dictionary<string, Query>(), StringComparer.Ordinal);
        var definitions = NamedDefinitions(
            file, root, ListsKey, "list", "term lists (parties: [Russia, Ukraine, ...])", lists,
            name => $"list '{name}' is already defined in {DefinedIn(shared, name)}; use it as @{name} or pick another name");
        foreach (var name in definitions.Keys)
        {
            ResolveList(file, name, definitions, lists, []);
        }

        return lists;
    }

    /// <summary>Builds first, with <paramref name="resolve"/>, the definitions <paramref name="text"/> names that are not built yet, so a definition may use ones written after it.</summary>
    private static void ResolveNamedFirst(string text, Dictionary<string, YamlNode> definitions, Dictionary<string, Query> names, Action<string> resolve)
    {
        foreach (Match reference in ListReference().Matches(text))
        {
            var referenced = reference.Groups["name"].Value;
            if (definitions.ContainsKey(referenced) && !names.ContainsKey(referenced))
            {
                resolve(referenced);
            }
        }
    }

    /// <summary>Which editor file already defines <paramref name="name"/>: watches.yaml when it came from there, else the one being read.</summary>
    private static string DefinedIn(IReadOnlyDictionary<string, Query>? shared, string name) =>
        shared is not null && shared.ContainsKey(name) ? "watches.yaml" : "this file";

    /// <summary>
    /// The definitions under a top-level map of names (<c>lists:</c> or <c>queries:</c>), each name checked: only letters,
    /// digits, '-' and '_', not yet taken by a list or query in <paramref name="names"/> (<paramref name="clash"/> says
    /// so), and once in the map.
    /// </summary>
    private static Dictionary<string, YamlNode> NamedDefinitions(
        FileContext file, YamlMappingNode root, string key, string kind, string shape, Dictionary<string, Query> names, Func<string, string> clash)
    {
        var definitions = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var node = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode scalar && scalar.Value == key).Value;
        if (node is null or YamlScalarNode { Value: null or "" })
        {
            return definitions;
        }

        if (node is not YamlMappingNode map)
        {
            file.Reader.Error(node, $"'{key}' must be a map of names to {shape}");
            return definitions;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!ListName().IsMatch(name))
            {
                file.Reader.Error(keyNode, $"{kind} name '{name}' may only use letters, digits, '-' and '_'");
            }
            else if (names.ContainsKey(name))
            {
                file.Reader.Error(keyNode, clash(name));
            }
            else if (!definitions.TryAdd(name, value))
            {
                file.Reader.Error(keyNode, $"duplicate {kind} '{name}'");
            }
        }

        return definitions;
    }

    /// <summary>Builds list <paramref name="name"/> (and the lists it uses, once each); a broken list stands in as a placeholder so uses of it are not reported again.</summary>
    private static Query ResolveList(FileContext file, string name, Dictionary<string, YamlNode> definitions, Dictionary<string, Query> lists, List<string> resolving)
    {
        if (lists.TryGetValue(name, out var done))
        {
            return done;
        }

        var broken = new TermQuery(name);
        if (resolving.Contains(name))
        {
            file.Reader.Error(definitions[name], $"list '{name}' refers to itself (through {string.Join(" → ", resolving.Select(r => "@" + r))} → @{name})");
            return lists[name] = broken;
        }

        // Each list inside a list is a level of recursion here and of depth in every rule that uses it.
        if (resolving.Count >= QueryParser.MaxDepth)
        {
            file.Reader.Error(definitions[name], $"list '{name}' is used through more than {QueryParser.MaxDepth} lists inside lists (@{resolving[0]} → … → @{name}); at most {QueryParser.MaxDepth} levels are allowed");
            return lists[name] = broken;
        }

        resolving.Add(name);
        var items = new List<Query>();
        var ok = true;
        foreach (var (text, node, offset) in ListItems(file, definitions[name], $"list '{name}'"))
        {
            // Lists a list item names are resolved first (into lists), so a list may build on others.
            ResolveNamedFirst(text, definitions, lists, referenced => ResolveList(file, referenced, definitions, lists, resolving));

            var parsed = file.Term(text, node, offset, lists);
            ok &= parsed is not null;
            if (parsed is not null)
            {
                items.Add(parsed);
            }
        }

        resolving.Remove(name);
        if (ok && items.Count == 0)
        {
            file.Reader.Error(definitions[name], $"list '{name}' is empty");
            ok = false;
        }

        var query = items.Count == 1 ? items[0] : new OrQuery(items);
        if (ok && QueryParser.ExceedsLimits(query, $"list '{name}'") is { } problem)
        {
            file.Reader.Error(definitions[name], problem);
            ok = false;
        }

        return lists[name] = ok ? query : broken;
    }

    /// <summary>
    /// Adds the top-level <c>queries:</c> to <paramref name="names"/> (the lists, and those shared from another file): each
    /// a query, or a YAML list of queries meaning any of them, usable as <c>@name</c> wherever a list is. A named query
    /// may use lists and other named queries; a list may not use a query (its items stay terms).
    /// </summary>
    /// <returns><paramref name="names"/>, with the queries added.</returns>
    internal static Dictionary<string, Query> ReadQueries(FileContext file, YamlMappingNode root, Dictionary<string, Query> names, IReadOnlyDictionary<string, Query>? shared = null)
    {
        var definitions = NamedDefinitions(
            file, root, QueriesKey, "query", "queries (other-truce: \"@not-trade NOT @war-truce-words\")", names,
            name => $"query '{name}' has the name of a list or query already defined in {DefinedIn(shared, name)}; pick another name");
        foreach (var name in definitions.Keys)
        {
            ResolveQuery(file, name, definitions, names, []);
        }

        return names;
    }

    /// <summary>Builds named query <paramref name="name"/> (and the named queries it uses first); a broken one stands in as a placeholder so its uses are not reported again.</summary>
    private static Query ResolveQuery(FileContext file, string name, Dictionary<string, YamlNode> definitions, Dictionary<string, Query> names, List<string> resolving)
    {
        if (names.TryGetValue(name, out var done))
        {
            return done;
        }

        var broken = new TermQuery(name);
        var node = definitions[name];
        if (resolving.Contains(name))
        {
            file.Reader.Error(node, $"query '{name}' refers to itself (through {string.Join(" → ", resolving.Select(r => "@" + r))} → @{name})");
            return names[name] = broken;
        }

        resolving.Add(name);
        var texts = node switch
        {
            YamlScalarNode scalar => [scalar.Value ?? string.Empty],
            YamlSequenceNode items => items.Children.OfType<YamlScalarNode>().Select(i => i.Value ?? string.Empty),
            _ => [],
        };
        foreach (var text in texts)
        {
            ResolveNamedFirst(text, definitions, names, referenced => ResolveQuery(file, referenced, definitions, names, resolving));
        }

        resolving.Remove(name);
        var what = $"query '{name}'";
        var query = file.AnyQuery(node, what, names);
        if (query is not null && QueryParser.ExceedsLimits(query, what) is { } problem)
        {
            file.Reader.Error(node, problem);
            query = null;
        }

        return names[name] = query ?? broken;
    }

    /// <summary>A list's items: a YAML list of terms, or one line of comma-separated terms; each with its node and offset in that node's value.</summary>
    internal static List<(string Text, YamlScalarNode Node, int Offset)> ListItems(FileContext file, YamlNode node, string what)
    {
        var items = new List<(string, YamlScalarNode, int)>();
        switch (node)
        {
            case YamlScalarNode { Value: { } value } scalar when !string.IsNullOrWhiteSpace(value):
                var offset = 0;
                foreach (var part in value.Split(','))
                {
                    if (!string.IsNullOrWhiteSpace(part))
                    {
                        items.Add((part, scalar, offset));
                    }

                    offset += part.Length + 1;
                }

                break;
            case YamlSequenceNode sequence:
                // One level of nesting is flattened so YAML aliases of other lists can be spliced in.
                foreach (var item in sequence.Children.SelectMany(c => c is YamlSequenceNode inner ? inner.Children : [c]))
                {
                    if (item is YamlScalarNode { Value: { } text } itemScalar && !string.IsNullOrWhiteSpace(text))
                    {
                        items.Add((text, itemScalar, 0));
                    }
                    else
                    {
                        file.Reader.Error(item, $"{what}: every item must be a term (a word, a phrase, or @list)");
                    }
                }

                break;
            default:
                file.Reader.Error(node, $"{what} must be a list of terms");
                break;
        }

        return items;
    }

    private static Watch? ParseWatch(FileContext file, Dictionary<string, Query> lists, YamlMappingNode mapping, int ordinal)
    {
        var reader = file.Reader;
        var label = YamlConfigReader.Peek(mapping, "id") is { } peeked ? $"watch '{peeked}'" : $"watch #{ordinal}";
        var fields = reader.Fields(mapping, label, Allowed);
        var id = reader.Text(fields, "id", $"watch #{ordinal}", mapping, required: true);
        var what = id is null ? $"watch #{ordinal}" : $"watch '{id}'";
        var errors = reader.ErrorCount;
        if (id is not null && !SlugPattern().IsMatch(id))
        {
            reader.Error(fields["id"], $"{what}: id must be lower-case letters, digits and single hyphens (e.g. truce-accepted)");
        }

        var name = reader.Text(fields, "name", what, mapping, required: true);
        var category = reader.Text(fields, "category", what, mapping, required: true);
        if (category is not null && !Categories.Contains(category, StringComparer.Ordinal))
        {
            reader.Error(fields["category"], $"{what}: category '{category}' is not one of {string.Join(", ", Categories)}");
        }

        var priority = WatchPriority.Normal;
        var priorityText = reader.Text(fields, "priority", what, mapping, required: false);
        switch (priorityText)
        {
            case null or "normal":
                break;
            case "urgent":
                priority = WatchPriority.Urgent;
                break;
            default:
                reader.Error(fields["priority"], $"{what}: priority '{priorityText}' must be normal or urgent");
                break;
        }

        var query = fields.ContainsKey("query") ? file.Query(fields, "query", what, lists) : SimpleForm(file, fields, what, lists, mapping);
        if (fields.TryGetValue("query", out var queryNode) && (fields.ContainsKey("any") || fields.ContainsKey("all") || fields.ContainsKey("none")))
        {
            reader.Error(queryNode, $"{what}: write either 'query' or the any/all/none form, not both");
        }

        var exclude = fields.ContainsKey("exclude") ? file.Query(fields, "exclude", what, lists) : null;
        var feeds = reader.TextList(fields, "feeds", what)?.Select(f => f.Value).ToArray();
        if (reader.ErrorCount > errors || id is null || name is null || category is null || query is null)
        {
            return null;
        }

        return new Watch(id, name, category, priority, query, YamlConfigReader.LineOf(mapping), exclude, feeds);
    }

    /// <summary>The first release's form, now sugar: OR(any) AND each all-entry AND NOT OR(none).</summary>
    private static Query? SimpleForm(FileContext file, Dictionary<string, YamlNode> fields, string what, Dictionary<string, Query> lists, YamlMappingNode mapping)
    {
        if (!fields.TryGetValue("any", out var anyNode))
        {
            file.Reader.Error(mapping, fields.ContainsKey("all") || fields.ContainsKey("none")
                ? $"{what} has no 'any' terms"
                : $"{what} needs a 'query' (or 'any' terms)");
            return null;
        }

        var any = Terms(file, fields, "any", what, lists);
        if (any is { Count: 0 })
        {
            file.Reader.Error(anyNode, $"{what} has no 'any' terms");
            return null;
        }

        var all = AllEntries(file, fields, what, lists);
        var none = Terms(file, fields, "none", what, lists);
        if (any is null || all is null || none is null)
        {
            return null;
        }

        var parts = new List<Query> { any.Count == 1 ? any[0] : new OrQuery(any) };
        parts.AddRange(all);
        if (none.Count > 0)
        {
            parts.Add(new NotQuery(none.Count == 1 ? none[0] : new OrQuery(none)));
        }

        var query = parts.Count == 1 ? parts[0] : new AndQuery(parts);
        if (QueryParser.ExceedsLimits(query, $"{what}: the any/all/none terms together") is { } problem)
        {
            file.Reader.Error(anyNode, problem);
            return null;
        }

        return query;
    }

    /// <summary>The terms of a list field; empty when absent, null when any term is unusable (errors reported).</summary>
    private static List<Query>? Terms(FileContext file, Dictionary<string, YamlNode> fields, string key, string what, Dictionary<string, Query> lists)
    {
        if (!fields.TryGetValue(key, out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        var terms = new List<Query>();
        var ok = true;
        foreach (var (text, scalar, offset) in ListItems(file, node is YamlScalarNode single ? new YamlSequenceNode(single) : node, $"{what}: '{key}'"))
        {
            var term = file.Term(text, scalar, offset, lists);
            ok &= term is not null;
            if (term is not null)
            {
                terms.Add(term);
            }
        }

        return ok ? terms : null;
    }

    /// <summary>Each <c>all</c> entry must occur; an entry written as a list means "one of these".</summary>
    private static List<Query>? AllEntries(FileContext file, Dictionary<string, YamlNode> fields, string what, Dictionary<string, Query> lists)
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
                case YamlScalarNode { Value: { } value } scalar when !string.IsNullOrWhiteSpace(value):
                    var term = file.Term(value, scalar, 0, lists);
                    ok &= term is not null;
                    if (term is not null)
                    {
                        result.Add(term);
                    }

                    break;
                case YamlSequenceNode { Children.Count: > 0 } group:
                    var alternatives = new List<Query>();
                    foreach (var (text, scalar, offset) in ListItems(file, group, $"{what}: an 'all' group"))
                    {
                        var alternative = file.Term(text, scalar, offset, lists);
                        ok &= alternative is not null;
                        if (alternative is not null)
                        {
                            alternatives.Add(alternative);
                        }
                    }

                    ok &= alternatives.Count > 0;
                    result.Add(new OrQuery(alternatives));
                    break;
                default:
                    file.Reader.Error(entry, $"{what}: each 'all' entry must be a term or a list of alternative terms");
                    ok = false;
                    break;
            }
        }

        return ok ? result : null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ListName();

    [GeneratedRegex(@"@(?<name>[\p{L}\p{N}_-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListReference();

    /// <summary>The reader plus the raw text, so query errors can point at a column.</summary>
    internal sealed record FileContext(YamlConfigReader Reader, YamlSource Source)
    {
        /// <summary>Parses a query field; reports a syntax error at its line and column and returns null.</summary>
        public Query? Query(Dictionary<string, YamlNode> fields, string key, string what, Dictionary<string, Query> lists)
        {
            var node = fields[key];
            return QueryNode(node, key, what, lists);
        }

        /// <summary>
        /// A query, or for a list of queries (one guard per line, as stages.yaml's <c>unless:</c> allows) their OR; every
        /// item's errors are reported at its own line.
        /// </summary>
        public Query? AnyQuery(Dictionary<string, YamlNode> fields, string key, string what, Dictionary<string, Query> lists) =>
            AnyQuery(fields[key], what, lists, key);

        /// <summary>The query in <paramref name="node"/> (a named query's definition, or field <paramref name="key"/>), or the OR of a list of them.</summary>
        public Query? AnyQuery(YamlNode node, string what, Dictionary<string, Query> lists, string? key = null)
        {
            if (node is not YamlSequenceNode items)
            {
                return QueryNode(node, key, what, lists);
            }

            var parsed = items.Children.Select(item => QueryNode(item, key, what, lists)).ToList();
            if (parsed.Count == 0)
            {
                Reader.Error(items, key is null ? $"{what} is an empty list" : $"{what}: '{key}' is an empty list");
                return null;
            }

            return parsed.Contains(null) ? null : parsed.Count == 1 ? parsed[0] : new OrQuery(parsed.Select(q => q!).ToList());
        }

        private Query? QueryNode(YamlNode node, string? key, string what, Dictionary<string, Query> lists)
        {
            var subject = key is null ? what : $"{what}: '{key}'";
            if (node is not YamlScalarNode scalar)
            {
                Reader.Error(node, $"{subject} must be a query text, not {YamlConfigReader.Describe(node)}");
                return null;
            }

            if (string.IsNullOrWhiteSpace(scalar.Value))
            {
                Reader.Error(scalar, $"{subject} is empty");
                return null;
            }

            return Parse(scalar, 0, text => QueryParser.Parse(text, lists, Where(scalar, 0)), scalar.Value);
        }

        /// <summary>Parses one term of a list or of the any/all/none form (a word, phrase, field:term or @list).</summary>
        public Query? Term(string text, YamlScalarNode node, int offset, IReadOnlyDictionary<string, Query> lists) =>
            Parse(node, offset, t => QueryParser.ParseTerm(t, lists, Where(node, offset)), text);

        private Query? Parse(YamlScalarNode node, int offset, Func<string, Query> parse, string text)
        {
            try
            {
                return parse(text);
            }
            catch (QuerySyntaxException ex)
            {
                var (line, column) = Source.Locate(node, offset + ex.Offset);
                Reader.Error(line, column, ex.Message, Source.LineText(line));
                return null;
            }
        }

        private Func<int, string> Where(YamlScalarNode node, int offset) => at =>
        {
            var (line, column) = Source.Locate(node, offset + at);
            return string.Create(CultureInfo.InvariantCulture, $"{line}:{column}");
        };
    }
}
