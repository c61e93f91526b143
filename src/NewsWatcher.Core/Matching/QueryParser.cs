using System.Globalization;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// Parses the watch query language into a <see cref="Query"/> tree.
/// </summary>
/// <remarks>
/// Grammar, loosest first (so NOT binds tighter than NEAR, NEAR tighter than AND, AND tighter than OR):
/// <code>
/// or      = and { "OR" and }
/// and     = near { ["AND"] near }                 adjacent terms are ANDed
/// near    = unary { ("NEAR/n" | "ONEAR/n") unary }
/// unary   = ("NOT" | "-") unary | primary
/// primary = [field ":"] ( word | "phrase" | "(" or ")" | "@list" )
/// </code>
/// Operators are upper-case; lower-case and/or/not are rejected rather than silently searched for.
/// </remarks>
public sealed class QueryParser
{
    /// <summary>Largest NEAR distance; beyond it "near" means nothing in a headline or summary.</summary>
    public const int MaxDistance = 100;

    /// <summary>
    /// Deepest nesting of a query: parentheses, NOT, NEAR chains and lists used inside lists all count. Real rules nest
    /// a handful of levels; the bound keeps every recursive walk of a rule (parse, compile, match, explain) far from the
    /// end of the stack, whatever an editor saves.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>Most terms one query may expand to, lists counted at every use (a list of lists cannot multiply past it).</summary>
    public const int MaxTerms = 5_000;

    /// <summary>Longest query text in characters; longer alternatives belong in a named list.</summary>
    public const int MaxLength = 10_000;

    private const string Quotes = "\"“”„«»";

    private readonly string _text;
    private readonly IReadOnlyDictionary<string, Query> _lists;
    private readonly Func<int, string> _where;
    private readonly List<Lexeme> _lexemes = [];
    private int _next;
    private int _nesting;

    private QueryParser(string text, IReadOnlyDictionary<string, Query> lists, Func<int, string>? where)
    {
        _text = text;
        _lists = lists;
        _where = where ?? (offset => string.Create(CultureInfo.InvariantCulture, $"column {offset + 1}"));
    }

    private enum Kind
    {
        Word,
        Phrase,
        Open,
        Close,
        And,
        Or,
        Not,
        Minus,
        Near,
        Field,
        List,
        End,
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="QuerySyntaxException"/> at the first problem.</summary>
    /// <param name="lists">Named term lists that <c>@name</c> refers to.</param>
    /// <param name="where">Describes an offset in messages ("14:5"); defaults to "column N".</param>
    public static Query Parse(string text, IReadOnlyDictionary<string, Query>? lists = null, Func<int, string>? where = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckLength(text);
        var parser = new QueryParser(text, lists ?? new Dictionary<string, Query>(), where);
        parser.Lex();
        if (parser.Peek.Kind == Kind.End)
        {
            throw new QuerySyntaxException(0, "the query is empty");
        }

        var query = parser.ParseOr(scope: null);
        var rest = parser.Peek;
        if (rest.Kind == Kind.Close)
        {
            throw new QuerySyntaxException(rest.Offset, "unexpected ')' with no '(' to close");
        }

        if (rest.Kind != Kind.End)
        {
            throw new QuerySyntaxException(rest.Offset, $"unexpected '{rest.Text}'");
        }

        if (!NeedsATerm(query))
        {
            throw new QuerySyntaxException(0, "the query would match articles that contain none of its terms (only NOT terms?); add a term that must occur");
        }

        return query;
    }

    /// <summary>Parses one term as the any/all/none form and list items write it: a word or phrase, optionally <c>field:</c> scoped, or <c>@list</c>.</summary>
    public static Query ParseTerm(string text, IReadOnlyDictionary<string, Query>? lists = null, Func<int, string>? where = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckLength(text);
        var parser = new QueryParser(text, lists ?? new Dictionary<string, Query>(), where);
        var body = text.Trim();
        var offset = text.IndexOf(body, StringComparison.Ordinal);
        string? field = null;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && body[..colon].All(char.IsAsciiLetter))
        {
            field = FieldName(body[..colon], offset);
            body = body[(colon + 1)..].TrimStart();
            offset = text.Length - body.Length - (text.Length - text.TrimEnd().Length);
        }

        if (body.StartsWith('@'))
        {
            return Scoped(Limited(parser.ListReference(body[1..], offset), offset), field, offset, null);
        }

        if (body.Length >= 2 && Quotes.Contains(body[0], StringComparison.Ordinal) && Quotes.Contains(body[^1], StringComparison.Ordinal))
        {
            body = body[1..^1];
            offset++;
        }

        return Term(body, offset, field);
    }

    /// <summary>Why <paramref name="query"/> is over <see cref="MaxDepth"/> or <see cref="MaxTerms"/>; null when it is within both.</summary>
    /// <param name="what">How to name it in the message ("the query", "list 'parties'").</param>
    public static string? ExceedsLimits(Query query, string what = "the query")
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Depth > MaxDepth)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{what} nests {query.Depth} levels deep (parentheses, NOT, NEAR and lists inside lists); at most {MaxDepth} are allowed");
        }

        return query.TermCount > MaxTerms
            ? string.Create(CultureInfo.InvariantCulture, $"{what} expands to {query.TermCount:N0} terms (lists counted at every use); at most {MaxTerms:N0} are allowed")
            : null;
    }

    /// <summary>False when the query holds with none of its terms present (NOT x, or a OR NOT b).</summary>
    public static bool NeedsATerm(Query query) => query switch
    {
        TermQuery or NearQuery => true,
        AndQuery all => all.Operands.Any(NeedsATerm),
        OrQuery any => any.Operands.All(NeedsATerm),
        _ => false,
    };

    private Lexeme Peek => _lexemes[_next];

    private static bool StartsOperand(Kind kind) => kind is Kind.Word or Kind.Phrase or Kind.Open or Kind.Not or Kind.Minus or Kind.Field or Kind.List;

    private static int Distance(int[] row, string a, string b)
    {
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private Query ParseOr(string? scope)
    {
        var at = Peek.Offset;
        var operands = new List<Query> { ParseAnd(scope) };
        while (Peek.Kind == Kind.Or)
        {
            RequireOperand(Take());
            operands.Add(ParseAnd(scope));
        }

        return operands.Count == 1 ? operands[0] : Limited(new OrQuery(operands), at);
    }

    private Query ParseAnd(string? scope)
    {
        var at = Peek.Offset;
        var operands = new List<Query> { ParseNear(scope) };
        while (true)
        {
            if (Peek.Kind == Kind.And)
            {
                RequireOperand(Take());
            }
            else if (!StartsOperand(Peek.Kind))
            {
                break;
            }

            operands.Add(ParseNear(scope));
        }

        return operands.Count == 1 ? operands[0] : Limited(new AndQuery(operands), at);
    }

    private Query ParseNear(string? scope)
    {
        var left = ParseUnary(scope);
        while (Peek.Kind == Kind.Near)
        {
            var op = Take();
            RequireOperand(op);
            var rightAt = Peek.Offset;
            var right = ParseUnary(scope);
            if (left is NotQuery || right is NotQuery)
            {
                throw new QuerySyntaxException(left is NotQuery ? op.Offset : rightAt, $"{op.Text} needs terms on both sides; a NOT term has no place in the text to be near");
            }

            left = Limited(new NearQuery(left, right, op.Distance, op.Ordered), op.Offset);
        }

        return left;
    }

    private Query ParseUnary(string? scope)
    {
        if (Peek.Kind is Kind.Not or Kind.Minus)
        {
            var op = Take();
            RequireOperand(op);
            Enter(op);
            var operand = ParseUnary(scope);
            _nesting--;
            return Limited(new NotQuery(operand), op.Offset);
        }

        return ParsePrimary(scope, null);
    }

    private Query ParsePrimary(string? scope, Lexeme? scopeLexeme)
    {
        var lexeme = Take();
        switch (lexeme.Kind)
        {
            case Kind.Field:
                if (scope is not null)
                {
                    throw new QuerySyntaxException(lexeme.Offset, $"'{lexeme.Text}:' inside a part already limited to {scope}:");
                }

                if (Peek.Kind is not (Kind.Word or Kind.Phrase or Kind.Open or Kind.List))
                {
                    throw new QuerySyntaxException(Peek.Offset, $"expected a term, phrase or '(' right after '{lexeme.Text}:'");
                }

                return ParsePrimary(lexeme.Text, lexeme);
            case Kind.Word:
            case Kind.Phrase:
                return Term(lexeme.Text, lexeme.Kind == Kind.Phrase ? lexeme.Offset + 1 : lexeme.Offset, scope);
            case Kind.List:
                // Checked before scoping too: scoping walks the list, and a caller's lists need not have been checked.
                return Limited(Scoped(Limited(ListReference(lexeme.Text, lexeme.Offset), lexeme.Offset), scope, lexeme.Offset, scopeLexeme), lexeme.Offset);
            case Kind.Open:
                if (Peek.Kind == Kind.Close)
                {
                    throw new QuerySyntaxException(Peek.Offset, "expected a term inside '( )'");
                }

                Enter(lexeme);
                var inner = ParseOr(scope);
                _nesting--;
                if (Peek.Kind != Kind.Close)
                {
                    var found = Peek.Kind == Kind.End ? string.Empty : $", found '{Peek.Text}'";
                    throw new QuerySyntaxException(Peek.Offset, $"expected ')' to close '(' opened at {_where(lexeme.Offset)}{found}");
                }

                Take();
                return inner;
            case Kind.Close:
                throw new QuerySyntaxException(lexeme.Offset, _next == 1 ? "unexpected ')' with no '(' to close" : "expected a term before ')'");
            case Kind.End:
                throw new QuerySyntaxException(lexeme.Offset, "expected a term at the end of the query");
            default:
                throw new QuerySyntaxException(lexeme.Offset, $"expected a term before '{lexeme.Text}'");
        }
    }

    private void RequireOperand(Lexeme op)
    {
        if (!StartsOperand(Peek.Kind))
        {
            var found = Peek.Kind == Kind.End ? string.Empty : $", found '{Peek.Text}'";
            throw new QuerySyntaxException(Peek.Offset, $"expected a term after '{op.Text}'{found}");
        }
    }

    private Lexeme Take() => _lexemes[_next++];

    private static void CheckLength(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new QuerySyntaxException(
                MaxLength, string.Create(CultureInfo.InvariantCulture, $"the query is {text.Length:N0} characters long; at most {MaxLength:N0} are allowed (put long sets of alternatives in a list under 'lists:')"));
        }
    }

    private static Query Limited(Query query, int offset) =>
        ExceedsLimits(query) is { } problem ? throw new QuerySyntaxException(offset, problem) : query;

    /// <summary>One more '(' or NOT: refused past <see cref="MaxDepth"/> before the parser recurses any further.</summary>
    private void Enter(Lexeme lexeme)
    {
        if (++_nesting > MaxDepth)
        {
            throw new QuerySyntaxException(
                lexeme.Offset, string.Create(CultureInfo.InvariantCulture, $"'{lexeme.Text}' nests the query more than {MaxDepth} levels deep; at most {MaxDepth} are allowed"));
        }
    }

    private static TermQuery Term(string text, int offset, string? field)
    {
        if (TermKey.TryCompile(text, out var error, out var at) is null)
        {
            throw new QuerySyntaxException(offset + at, error!);
        }

        return new TermQuery(text, field);
    }

    private Query ListReference(string name, int offset)
    {
        if (_lists.TryGetValue(name, out var list))
        {
            return list;
        }

        var row = new int[name.Length + 64];
        var near = _lists.Keys
            .Where(k => k.Length < 60)
            .Select(k => (Name: k, Distance: Distance(row, name, k)))
            .Where(k => k.Distance <= 2)
            .OrderBy(k => k.Distance)
            .Select(k => k.Name)
            .FirstOrDefault();
        var hint = near is not null ? $" (did you mean '@{near}'?)"
            : _lists.Count == 0 ? "; define it under the top-level 'lists:'"
            : $"; lists: {string.Join(", ", _lists.Keys.Order(StringComparer.Ordinal).Select(k => "@" + k))}";
        throw new QuerySyntaxException(offset, $"unknown list '@{name}'{hint}");
    }

    private static Query Scoped(Query query, string? field, int offset, Lexeme? scopeLexeme) => field is null ? query : query switch
    {
        TermQuery { Field: null } term => term with { Field = field },
        TermQuery term when term.Field == field => term,
        TermQuery term => throw new QuerySyntaxException(
            scopeLexeme?.Offset ?? offset, $"'{field}:' cannot apply to a list term already limited to {term.Field}: ('{term.Text}')"),
        AndQuery all => new AndQuery([.. all.Operands.Select(o => Scoped(o, field, offset, scopeLexeme))]),
        OrQuery any => new OrQuery([.. any.Operands.Select(o => Scoped(o, field, offset, scopeLexeme))]),
        NotQuery not => new NotQuery(Scoped(not.Operand, field, offset, scopeLexeme)),
        NearQuery near => near with { Left = Scoped(near.Left, field, offset, scopeLexeme), Right = Scoped(near.Right, field, offset, scopeLexeme) },
        _ => query,
    };

    private static string FieldName(string name, int offset)
    {
        var lower = name.ToLowerInvariant();
        if (!TermQuery.Fields.Contains(lower))
        {
            throw new QuerySyntaxException(
                offset,
                $"unknown field '{name}:' (fields: {string.Join(", ", TermQuery.Fields.Select(f => f + ":"))}); to match a colon, quote the term");
        }

        return lower;
    }

    private void Lex()
    {
        var text = _text;
        var i = 0;
        var afterField = false;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
                afterField = false;
            }

            if (i >= text.Length)
            {
                _lexemes.Add(new Lexeme(Kind.End, text.Length, "end"));
                return;
            }

            var start = i;
            var c = text[i];
            if (c is '(' or ')')
            {
                _lexemes.Add(new Lexeme(c == '(' ? Kind.Open : Kind.Close, i++, c.ToString()));
                afterField = false;
                continue;
            }

            if (Quotes.Contains(c, StringComparison.Ordinal))
            {
                var close = text.IndexOfAny(Quotes.ToCharArray(), i + 1);
                if (close < 0)
                {
                    throw new QuerySyntaxException(text.Length, $"expected '\"' to close the phrase opened at {_where(start)}");
                }

                var phrase = text[(i + 1)..close];
                if (string.IsNullOrWhiteSpace(phrase))
                {
                    throw new QuerySyntaxException(start, "empty phrase");
                }

                _lexemes.Add(new Lexeme(Kind.Phrase, start, phrase));
                i = close + 1;
                afterField = false;
                continue;
            }

            if (c == '-' && !afterField)
            {
                if (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] == ')')
                {
                    throw new QuerySyntaxException(start, "'-' must be followed by the term to exclude, with no space (e.g. -tariff)");
                }

                _lexemes.Add(new Lexeme(Kind.Minus, i++, "-"));
                continue;
            }

            if (c == '@')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '_'))
                {
                    i++;
                }

                if (i == start + 1)
                {
                    throw new QuerySyntaxException(start, "expected a list name after '@' (e.g. @parties)");
                }

                _lexemes.Add(new Lexeme(Kind.List, start, text[(start + 1)..i]));
                afterField = false;
                continue;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')') && !Quotes.Contains(text[i], StringComparison.Ordinal))
            {
                i++;
            }

            var word = text[start..i];
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            if (!afterField && colon > 0 && word[..colon].All(char.IsAsciiLetter))
            {
                _lexemes.Add(new Lexeme(Kind.Field, start, FieldName(word[..colon], start)));
                i = start + colon + 1;
                if (i >= text.Length || char.IsWhiteSpace(text[i]))
                {
                    throw new QuerySyntaxException(i, $"expected a term, phrase or '(' right after '{word[..(colon + 1)]}'");
                }

                afterField = true;
                continue;
            }

            afterField = false;
            _lexemes.Add(Operator(word, start) ?? new Lexeme(Kind.Word, start, word));
        }
    }

    private static Lexeme? Operator(string word, int offset)
    {
        switch (word)
        {
            case "AND":
                return new Lexeme(Kind.And, offset, word);
            case "OR":
                return new Lexeme(Kind.Or, offset, word);
            case "NOT":
                return new Lexeme(Kind.Not, offset, word);
            case "and" or "or" or "not" or "And" or "Or" or "Not":
                throw new QuerySyntaxException(
                    offset, $"write the operator '{word.ToUpperInvariant()}' in capitals; to match the word itself, quote it: \"{word}\"");
        }

        var slash = word.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? word : word[..slash];
        if (name is not ("NEAR" or "ONEAR"))
        {
            if (name.Equals("NEAR", StringComparison.OrdinalIgnoreCase) || name.Equals("ONEAR", StringComparison.OrdinalIgnoreCase))
            {
                throw new QuerySyntaxException(offset, $"write the operator '{name.ToUpperInvariant()}' in capitals; to match the word itself, quote it: \"{name}\"");
            }

            return null;
        }

        if (slash < 0 || !int.TryParse(word.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var distance) || distance > MaxDistance)
        {
            throw new QuerySyntaxException(offset, $"expected a distance of 0 to {MaxDistance} words after {name}, e.g. {name}/5");
        }

        return new Lexeme(Kind.Near, offset, word, distance, name == "ONEAR");
    }

    private sealed record Lexeme(Kind Kind, int Offset, string Text, int Distance = 0, bool Ordered = false);
}
