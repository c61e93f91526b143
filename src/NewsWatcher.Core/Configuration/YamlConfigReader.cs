using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>
/// Shared reading of editor files through YamlDotNet's representation model, which keeps each node's line so every
/// message can point at it. Errors are collected, not thrown, so an editor sees all of them at once.
/// </summary>
internal sealed class YamlConfigReader
{
    /// <summary>
    /// Deepest nesting of lists and maps an editor file may have. The shipped files use four levels; the representation
    /// model loads nested nodes recursively, so an unbounded <c>[[[[…]]]]</c> would overflow the stack.
    /// </summary>
    public const int MaxNesting = 32;

    private readonly List<ConfigError> _errors = [];

    public YamlConfigReader(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public int ErrorCount => _errors.Count;

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public void Error(YamlNode node, string message) => _errors.Add(new ConfigError(Path, LineOf(node), 0, message));

    public void Error(int line, string message) => _errors.Add(new ConfigError(Path, line, 0, message));

    /// <summary>An error at a line and column, shown with that line and a caret.</summary>
    public void Error(int line, int column, string message, string sourceLine) => _errors.Add(new ConfigError(Path, line, column, message, sourceLine));

    /// <summary>The top-level map of the document last loaded by <see cref="LoadList"/>; null when it could not be read.</summary>
    public YamlMappingNode? Root { get; private set; }

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray());
        }
    }

    /// <summary>
    /// Parses the document and returns the entries under the single top-level key, e.g. <c>watches:</c>.
    /// Returns null (with errors recorded) when the file cannot be read that far.
    /// </summary>
    /// <param name="otherTopKeys">Further top-level keys the file may have (read by the caller through <see cref="Root"/>).</param>
    public YamlSequenceNode? LoadList(string yaml, string topKey, IReadOnlyList<string>? otherTopKeys = null)
    {
        Root = null;
        var stream = new YamlStream();
        try
        {
            if (TooDeep(yaml ?? string.Empty) is { } deep)
            {
                _errors.Add(new ConfigError(
                    Path, (int)deep.Line, (int)deep.Column, $"lists and maps nest more than {MaxNesting} levels deep here; at most {MaxNesting} are allowed"));
                return null;
            }

            stream.Load(new StringReader(yaml ?? string.Empty));
        }
        catch (YamlException ex)
        {
            // The parser's own message carries a "(Line: .., Col: ..)" prefix; the location goes in our format instead.
            var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
            var at = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && at >= 0)
            {
                message = message[(at + 3)..];
            }

            // With the line and a caret under the column: an indentation slip is seen at once.
            var line = (int)ex.Start.Line;
            _errors.Add(new ConfigError(Path, line, (int)ex.Start.Column, "YAML syntax error: " + message, new YamlSource(yaml ?? string.Empty).LineText(line)));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            Error(1, $"the file is empty; expected a top-level '{topKey}:' list");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "only one YAML document is allowed in this file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, $"expected a top-level '{topKey}:' list");
            return null;
        }

        Root = root;
        var fields = Fields(root, "the top level", [topKey, .. otherTopKeys ?? []]);
        if (!fields.TryGetValue(topKey, out var list) || IsNull(list))
        {
            Error(root, $"missing top-level '{topKey}:' list");
            return null;
        }

        if (list is not YamlSequenceNode sequence)
        {
            Error(list, $"'{topKey}' must be a list (entries starting with '- ')");
            return null;
        }

        return sequence;
    }

    /// <summary>
    /// Reads every entry of the top-level list <paramref name="topKey"/>: reports entries that are not maps and
    /// duplicate keys, and hands each remaining entry (with its 1-based position) to <paramref name="parse"/>.
    /// A key is claimed before the entry is validated, so a broken first entry still owns it.
    /// </summary>
    /// <param name="noun">What one entry is, for messages ("feed").</param>
    /// <param name="duplicateLabel">How a duplicate is named ("feed id").</param>
    /// <param name="allowed">The entry's fields; the first two are shown as a hint.</param>
    public List<T> ReadEntries<T>(
        string yaml,
        string topKey,
        string noun,
        string keyField,
        string duplicateLabel,
        IReadOnlyList<string> allowed,
        StringComparer keyComparer,
        Func<YamlMappingNode, int, T?> parse)
        where T : class => ReadEntries(LoadList(yaml, topKey), noun, keyField, duplicateLabel, allowed, keyComparer, parse);

    /// <summary>As above, for a list already loaded with <see cref="LoadList"/>.</summary>
    public List<T> ReadEntries<T>(
        YamlSequenceNode? list,
        string noun,
        string keyField,
        string duplicateLabel,
        IReadOnlyList<string> allowed,
        StringComparer keyComparer,
        Func<YamlMappingNode, int, T?> parse)
        where T : class
    {
        var entries = new List<T>();
        var seen = new Dictionary<string, int>(keyComparer);
        var ordinal = 0;
        foreach (var entry in list?.Children ?? [])
        {
            ordinal++;
            if (entry is not YamlMappingNode mapping)
            {
                Error(entry, $"each {noun} must be a map of fields ({allowed[0]}, {allowed[1]}, ...), not {Describe(entry)}");
                continue;
            }

            var key = Peek(mapping, keyField);
            if (key is not null)
            {
                if (seen.TryGetValue(key, out var firstLine))
                {
                    Error(mapping, $"duplicate {duplicateLabel} '{key}' (first defined on line {firstLine})");
                    continue;
                }

                seen[key] = LineOf(mapping);
            }

            if (parse(mapping, ordinal) is { } parsed)
            {
                entries.Add(parsed);
            }
        }

        return entries;
    }

    /// <summary>Where the nesting first goes past <see cref="MaxNesting"/>, read with the event parser (which keeps no recursion); null when it never does.</summary>
    private static Mark? TooDeep(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case SequenceStart or MappingStart:
                    if (++depth > MaxNesting)
                    {
                        return parser.Current.Start;
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }

    public static string? Peek(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value is YamlScalarNode { Value: { Length: > 0 } value }
            ? value.Trim()
            : null;

    /// <summary>The fields of a mapping by name; unknown fields are reported with the allowed ones listed.</summary>
    public Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string what, IReadOnlyList<string> allowed)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase));
                var suggestion = hint is null ? string.Empty : $" (did you mean '{hint}'?)";
                Error(keyNode, $"{what}: unknown field '{key}'{suggestion}; allowed: {string.Join(", ", allowed)}");
                continue;
            }

            fields[key] = value;
        }

        return fields;
    }

    /// <summary>A scalar field's text (trimmed); null when absent or empty, reported if required.</summary>
    public string? Text(Dictionary<string, YamlNode> fields, string key, string what, YamlNode owner, bool required)
    {
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            if (required)
            {
                Error(owner, $"{what} is missing required field '{key}'");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{what}: '{key}' must be a single value, not a list or map");
            return null;
        }

        var value = scalar.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Error(node, $"{what}: '{key}' is empty");
            }

            return null;
        }

        return value;
    }

    /// <summary>A number from 0 to 1 (0 excluded when <paramref name="allowZero"/> is false); null when absent or invalid (reported).</summary>
    public double? Fraction(Dictionary<string, YamlNode> fields, string key, string what, YamlNode owner, bool allowZero)
    {
        var text = Text(fields, key, what, owner, required: false);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || value > 1 || value < 0 || (value == 0 && !allowZero))
        {
            Error(fields[key], $"{what}: '{key}' must be a number {(allowZero ? "from 0" : "above 0")} to 1 (like 0.6), not '{text}'");
            return null;
        }

        return value;
    }

    public bool? Bool(Dictionary<string, YamlNode> fields, string key, string what, YamlNode owner)
    {
        var text = Text(fields, key, what, owner, required: false);
        if (text is null)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(fields[key], $"{what}: '{key}' must be true or false, not '{text}'");
                return null;
        }
    }

    /// <summary>A list of scalars (a single scalar is accepted as a one-item list); null when absent.</summary>
    public List<(string Value, YamlNode Node)>? TextList(Dictionary<string, YamlNode> fields, string key, string what)
    {
        if (!fields.TryGetValue(key, out var node) || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode single)
        {
            return [(single.Value?.Trim() ?? string.Empty, single)];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what}: '{key}' must be a list");
            return null;
        }

        var items = new List<(string, YamlNode)>();

        // One level of nesting is flattened so a shared list can be reused by alias: none: [*not-trade, union].
        var flat = sequence.Children.SelectMany(c => c is YamlSequenceNode inner ? inner.Children : [c]);
        foreach (var item in flat)
        {
            if (item is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
            {
                items.Add((scalar.Value.Trim(), scalar));
            }
            else
            {
                Error(item, $"{what}: every item of '{key}' must be a non-empty text value");
            }
        }

        return items;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => string.Create(CultureInfo.InvariantCulture, $"'{s.Value}'"),
        YamlSequenceNode => "a list",
        _ => "a map",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
