using System.Globalization;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>
/// Reads the optional <c>threads:</c> section of stages.yaml: how long a truce thread stays open after its last
/// development (<c>window_days</c>, default 30) and the conflicts editors name (<c>named:</c>, each with id, name and
/// parties from <c>actors:</c>). Throws <see cref="ConfigException"/> listing every error with file and line.
/// </summary>
public static class ThreadsSection
{
    public const string Key = "threads";
    public const int MaxWindowDays = 365;

    private static readonly string[] Allowed = ["window_days", "named"];
    private static readonly string[] NamedAllowed = ["id", "name", "parties", "terms"];

    /// <param name="actors">The actors of the same file, which parties must name.</param>
    public static ThreadRules Parse(string yaml, string path, IReadOnlyList<StageActor> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        var reader = new YamlConfigReader(path);
        // The rest of the file is StagesFile's to report; only this section is read here.
        var root = LoadRoot(yaml);
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode(Key), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return new ThreadRules(actors, []);
        }

        if (node is not YamlMappingNode section)
        {
            reader.Error(node, $"'{Key}' must be a map with window_days and named (see the comment above it)");
            reader.ThrowIfErrors();
            return ThreadRules.None;
        }

        var fields = reader.Fields(section, Key, Allowed);
        TimeSpan? window = null;
        if (reader.Text(fields, "window_days", Key, section, required: false) is { } days)
        {
            if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxWindowDays)
            {
                window = TimeSpan.FromDays(n);
            }
            else
            {
                reader.Error(fields["window_days"], $"{Key}: window_days '{days}' must be a whole number of days from 1 to {MaxWindowDays}");
            }
        }

        var known = actors.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var named = new List<NamedThread>();
        if (fields.TryGetValue("named", out var list) && list is not YamlScalarNode { Value: null or "" })
        {
            if (list is YamlSequenceNode sequence)
            {
                named = reader.ReadEntries(sequence, "named thread", "id", "thread id", NamedAllowed, StringComparer.Ordinal, (mapping, ordinal) => Named(reader, mapping, ordinal, known));
            }
            else
            {
                reader.Error(list, $"{Key}: 'named' must be a list (entries starting with '- ')");
            }
        }

        reader.ThrowIfErrors();
        return new ThreadRules(actors, named, window);
    }

    private static NamedThread? Named(YamlConfigReader reader, YamlMappingNode mapping, int ordinal, HashSet<string> known)
    {
        var label = YamlConfigReader.Peek(mapping, "id") is { } peeked ? $"thread '{peeked}'" : $"thread #{ordinal}";
        var errors = reader.ErrorCount;
        var fields = reader.Fields(mapping, label, NamedAllowed);
        var id = reader.Text(fields, "id", label, mapping, required: true);
        var name = reader.Text(fields, "name", label, mapping, required: false) ?? id;
        var parties = new List<string>();
        foreach (var (party, node) in reader.TextList(fields, "parties", label) ?? [])
        {
            if (!known.Contains(party))
            {
                reader.Error(node, $"{label}: party '{party}' is not an actor of this file; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }
            else if (!parties.Contains(party, StringComparer.Ordinal))
            {
                parties.Add(party);
            }
        }

        var terms = new List<Query>();
        foreach (var (term, node) in reader.TextList(fields, "terms", label) ?? [])
        {
            if (term.Any(c => c is '"' or '(' or ')' or '@') || term.TrimEnd('*').Length == 0)
            {
                reader.Error(node, $"{label}: term '{term}' must be a word or phrase (a trailing * for a prefix), not a query");
            }
            else
            {
                terms.Add(new TermQuery(term));
            }
        }

        if (parties.Count == 0 && reader.ErrorCount == errors)
        {
            reader.Error(mapping, $"{label} names no parties; list the actors that are its sides (parties: [Russia, Ukraine])");
        }

        return reader.ErrorCount > errors || id is null || name is null
            ? null
            : new NamedThread(id, name, parties, YamlConfigReader.LineOf(mapping), terms.Count switch { 0 => null, 1 => terms[0], _ => new OrQuery(terms) });
    }

    private static YamlMappingNode? LoadRoot(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
