using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Core.Configuration;

/// <summary>
/// The raw text of a YAML file, so a position inside a scalar's value (a query) can be turned back into the line and
/// column an editor sees, whatever the scalar's style.
/// </summary>
/// <remarks>
/// The value is aligned with the raw text character by character, skipping what YAML removes: quotes, escape
/// backslashes, block indicators, line breaks and indentation. This is exact for plain, single- and double-quoted
/// scalars and for block scalars (<c>|</c>, <c>&gt;</c>), including ones folded over several lines; only an escape that
/// changes a character (<c>\u00e9</c>) can leave later columns on that line approximate.
/// </remarks>
internal sealed class YamlSource
{
    private const string Removable = "\"'\\|>+-0123456789";

    private readonly string _text;
    private readonly List<int> _lineStarts = [0];

    public YamlSource(string text)
    {
        _text = text ?? string.Empty;
        for (var i = 0; i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The 1-based line text without its line break; empty when out of range.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Count)
        {
            return string.Empty;
        }

        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Count ? _lineStarts[line] : _text.Length;
        return _text[start..end].TrimEnd('\r', '\n');
    }

    /// <summary>1-based line and column of <paramref name="offset"/> in the scalar's value (the value's length means just after it).</summary>
    public (int Line, int Column) Locate(YamlScalarNode node, int offset)
    {
        ArgumentNullException.ThrowIfNull(node);
        var value = node.Value ?? string.Empty;
        var raw = (int)Math.Min(node.Start.Index, _text.Length);
        var end = (int)Math.Min(Math.Max(node.End.Index, node.Start.Index), _text.Length);
        if (node.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted && raw < end)
        {
            raw++;
        }

        offset = Math.Clamp(offset, 0, value.Length);
        for (var v = 0; v <= offset && v < value.Length; v++)
        {
            if (char.IsWhiteSpace(value[v]))
            {
                if (v == offset)
                {
                    // Just after the previous character: a space may have been a line break in the file.
                    return Position(raw);
                }

                if (raw < end && _text[raw] == value[v])
                {
                    raw++;
                }

                continue;
            }

            var found = raw;
            while (found < end && _text[found] != value[v] && (char.IsWhiteSpace(_text[found]) || Removable.Contains(_text[found], StringComparison.Ordinal)))
            {
                found++;
            }

            if (found >= end || _text[found] != value[v])
            {
                // An escape changed the character: stay where we are rather than run away.
                return Position(raw);
            }

            if (v == offset)
            {
                return Position(found);
            }

            raw = found + 1;
        }

        return Position(raw);
    }

    private (int Line, int Column) Position(int index)
    {
        var line = _lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, index - _lineStarts[line] + 1);
    }
}
