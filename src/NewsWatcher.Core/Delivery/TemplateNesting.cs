namespace NewsWatcher.Core.Delivery;

/// <summary>
/// Refuses a Liquid template that nests blocks or brackets too deeply before Fluid sees it: Fluid's parser and renderer
/// recurse once per level, so ten thousand nested <c>{% if %}</c> or parentheses end the process with a stack overflow.
/// </summary>
internal static class TemplateNesting
{
    /// <summary>Deepest nesting of blocks (if, for, case, ...) and, separately, of brackets inside one tag; the shipped templates use three.</summary>
    public const int MaxDepth = 32;

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "if", "unless", "case", "for", "tablerow", "capture", "ifchanged", "paginate", "form", "with", "macro" };

    /// <summary>Where and why the template nests too deeply; null when it does not.</summary>
    public static (int Line, int Column, string Message)? Find(string source)
    {
        var depth = 0;
        var i = 0;
        while (true)
        {
            var open = source.IndexOf('{', i);
            if (open < 0 || open + 1 >= source.Length)
            {
                return null;
            }

            var kind = source[open + 1];
            if (kind is not ('%' or '{'))
            {
                i = open + 1;
                continue;
            }

            var close = source.IndexOf(kind == '%' ? "%}" : "}}", open + 2, StringComparison.Ordinal);
            var end = close < 0 ? source.Length : close;
            if (Brackets(source, open + 2, end) is { } bracket)
            {
                return At(source, bracket, $"brackets nest more than {MaxDepth} levels deep; at most {MaxDepth} are allowed");
            }

            if (kind == '%')
            {
                var markup = source[(open + 2)..end].Trim('-', ' ', '\t', '\r', '\n');
                var name = FirstWord(markup);
                if (name is "raw" or "comment")
                {
                    // Their content is text, not tags; skip to the closing tag.
                    var endTag = source.IndexOf("end" + name, end, StringComparison.Ordinal);
                    i = endTag < 0 ? source.Length : endTag;
                    continue;
                }

                // The liquid tag holds one tag per line without delimiters.
                foreach (var line in name == "liquid" ? markup[name.Length..].Split('\n') : [markup])
                {
                    depth = Step(depth, FirstWord(line.Trim()));
                    if (depth > MaxDepth)
                    {
                        return At(source, open, $"blocks ({{% if %}}, {{% for %}}, ...) nest more than {MaxDepth} levels deep; at most {MaxDepth} are allowed");
                    }
                }
            }

            i = close < 0 ? source.Length : close + 2;
        }
    }

    private static int Step(int depth, string tag) =>
        Blocks.Contains(tag) ? depth + 1 : tag.StartsWith("end", StringComparison.Ordinal) && depth > 0 ? depth - 1 : depth;

    private static string FirstWord(string text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetterOrDigit(text[length]) || text[length] == '_'))
        {
            length++;
        }

        return text[..length];
    }

    /// <summary>The offset of the first bracket that goes past <see cref="MaxDepth"/> between <paramref name="start"/> and <paramref name="end"/>, outside quoted strings.</summary>
    private static int? Brackets(string source, int start, int end)
    {
        var depth = 0;
        char? quote = null;
        for (var i = start; i < end; i++)
        {
            var c = source[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '(' or '[' && ++depth > MaxDepth)
            {
                return i;
            }
            else if (c is ')' or ']' && depth > 0)
            {
                depth--;
            }
        }

        return null;
    }

    private static (int, int, string) At(string source, int offset, string message)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1, message);
    }
}
