using System.Text;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// The baseline: one compiled .NET <see cref="Regex"/> per watch with the same terms, as regex-list feed tools do.
/// A watch's Boolean structure becomes lookaheads on title + summary (AND = consecutive lookaheads, OR = alternation,
/// NOT = negative lookahead; NEAR is approximated by AND, which only makes the baseline cheaper).
/// </summary>
public sealed class RegexBaseline
{
    private readonly Regex[] _regexes;
    private readonly Regex?[] _excludes;

    public RegexBaseline(IReadOnlyList<Watch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        _regexes = [.. watches.Select(w => Compile(w.Query))];
        _excludes = [.. watches.Select(w => w.Exclude is null ? null : Compile(w.Exclude))];
    }

    /// <summary>How many watches match the article.</summary>
    public int Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = article.Title + "\n" + article.Summary;
        var count = 0;
        for (var i = 0; i < _regexes.Length; i++)
        {
            if (_regexes[i].IsMatch(text) && _excludes[i]?.IsMatch(text) != true)
            {
                count++;
            }
        }

        return count;
    }

    private static Regex Compile(Query query) =>
        new("^" + Assertion(query), RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string Assertion(Query query) => query switch
    {
        TermQuery term => $"(?=[\\s\\S]*?{Pattern(term)})",
        OrQuery any when any.Operands.All(o => o is TermQuery) =>
            $"(?=[\\s\\S]*?(?:{string.Join("|", any.Operands.Cast<TermQuery>().Select(Pattern))}))",
        OrQuery any => $"(?:{string.Join("|", any.Operands.Select(Assertion))})",
        AndQuery all => string.Concat(all.Operands.Select(Assertion)),
        NotQuery not => $"(?!{Assertion(not.Operand)})",
        NearQuery near => Assertion(near.Left) + Assertion(near.Right),
        _ => throw new ArgumentException($"unsupported {query}", nameof(query)),
    };

    /// <summary>Whole words; hyphens and spaces interchangeable; a trailing * any word ending.</summary>
    private static string Pattern(TermQuery term)
    {
        var pattern = new StringBuilder(@"\b");
        var words = term.Text.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var prefix = word.EndsWith('*');
            if (i > 0)
            {
                pattern.Append(@"[\s\-]?");
            }

            pattern.Append(Regex.Escape(prefix ? word[..^1] : word));
            if (prefix)
            {
                pattern.Append(@"\w*");
            }
        }

        return pattern.Append(@"\b").ToString();
    }
}
