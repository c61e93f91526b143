using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Tests.Matching;

public sealed class QueryParserTests
{
    [Fact]
    public void Parse_Precedence_BuildsTheExpectedTree()
    {
        var query = QueryParser.Parse("a b OR NOT c d NEAR/3 e");

        Assert.Equal("OR(AND(a, b), AND(NOT(c), NEAR/3(d, e)))", Show(query));
        Assert.Equal("AND(a, ONEAR/2(NOT(b), c))", Show(new AndQuery([new TermQuery("a"), new NearQuery(new NotQuery(new TermQuery("b")), new TermQuery("c"), 2, true)])));
    }

    [Fact]
    public void Parse_FieldScopeOnGroupAndList_ScopesEveryTerm()
    {
        var lists = new Dictionary<string, Query> { ["p"] = new OrQuery([new TermQuery("Russia"), new TermQuery("Kyiv")]) };

        var query = QueryParser.Parse("title:(truce OR \"peace deal\") summary:@p", lists);

        Assert.Equal("AND(OR(title:truce, title:peace deal), OR(summary:Russia, summary:Kyiv))", Show(query));
    }

    [Theory]
    [InlineData("(truce OR ceasefire", 19, "expected ')' to close '(' opened at column 1")]
    [InlineData("truce OR", 8, "expected a term after 'OR'")]
    [InlineData("truce AND AND x", 10, "expected a term after 'AND', found 'AND'")]
    [InlineData("OR truce", 0, "expected a term before 'OR'")]
    [InlineData("truce )", 6, "unexpected ')' with no '(' to close")]
    [InlineData("truce ()", 7, "expected a term inside '( )'")]
    [InlineData("\"peace talks", 12, "expected '\"' to close the phrase opened at column 1")]
    [InlineData("truce \"  \"", 6, "empty phrase")]
    [InlineData("   ", 0, "the query is empty")]
    [InlineData("truce or ceasefire", 6, "write the operator 'OR' in capitals; to match the word itself, quote it: \"or\"")]
    [InlineData("truce NEAR Gaza", 6, "expected a distance of 0 to 100 words after NEAR, e.g. NEAR/5")]
    [InlineData("truce NEAR/x Gaza", 6, "expected a distance of 0 to 100 words after NEAR, e.g. NEAR/5")]
    [InlineData("truce NEAR/101 Gaza", 6, "expected a distance of 0 to 100 words after NEAR, e.g. NEAR/5")]
    [InlineData("truce near/5 Gaza", 6, "write the operator 'NEAR' in capitals; to match the word itself, quote it: \"near\"")]
    [InlineData("truce NEAR/5 NOT Gaza", 13, "NEAR/5 needs terms on both sides; a NOT term has no place in the text to be near")]
    [InlineData("titel:truce", 0, "unknown field 'titel:' (fields: title:, summary:, source:, link:); to match a colon, quote the term")]
    [InlineData("title: truce", 6, "expected a term, phrase or '(' right after 'title:'")]
    [InlineData("title:(summary:truce)", 7, "'summary:' inside a part already limited to title:")]
    [InlineData("truce @partys", 6, "unknown list '@partys' (did you mean '@parties'?)")]
    [InlineData("truce @", 6, "expected a list name after '@' (e.g. @parties)")]
    [InlineData("truce - tariff", 6, "'-' must be followed by the term to exclude, with no space (e.g. -tariff)")]
    [InlineData("tr*", 0, "prefix 'tr*' is too short (at least 3 letters before '*')")]
    [InlineData("tru*ce", 3, "'*' may only end a word (e.g. negotiat*)")]
    [InlineData("truce &", 6, "'&' has no letters or digits to match")]
    [InlineData("NOT tariff", 0, "the query would match articles that contain none of its terms (only NOT terms?); add a term that must occur")]
    [InlineData("truce OR -tariff", 0, "the query would match articles that contain none of its terms (only NOT terms?); add a term that must occur")]
    public void Parse_Error_SaysWhatWasExpectedWhere(string query, int offset, string message)
    {
        var lists = new Dictionary<string, Query> { ["parties"] = new TermQuery("Russia") };

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(query, lists));

        Assert.Equal((offset, message), (ex.Offset, ex.Message));
    }

    [Theory]
    [InlineData("peace talks", "peace talks", null)]
    [InlineData("title:truce*", "truce*", "title")]
    [InlineData(" summary: \"cease fire\" ", "cease fire", "summary")]
    public void ParseTerm_SimpleFormItem_IsOneTermOrPhrase(string text, string term, string? field)
    {
        Assert.Equal(new TermQuery(term, field), QueryParser.ParseTerm(text));
    }

    [Fact]
    public void Parse_NotOrTerm_IsRejectedAsMatchingAlmostEverything()
    {
        Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("NOT gaza OR truce"));
        Assert.Equal("AND(NOT(gaza), truce)", Show(QueryParser.Parse("NOT gaza truce")));
    }

    [Fact]
    public void ParseTerm_ListReference_ExpandsTheList()
    {
        var list = new OrQuery([new TermQuery("a"), new TermQuery("b")]);

        Assert.Same(list, QueryParser.ParseTerm("@ab", new Dictionary<string, Query> { ["ab"] = list }));
    }

    private static string Show(Query query) => query switch
    {
        TermQuery t => t.Field is null ? t.Text : $"{t.Field}:{t.Text}",
        AndQuery a => $"AND({string.Join(", ", a.Operands.Select(Show))})",
        OrQuery o => $"OR({string.Join(", ", o.Operands.Select(Show))})",
        NotQuery n => $"NOT({Show(n.Operand)})",
        NearQuery n => $"{(n.Ordered ? "O" : "")}NEAR/{n.Distance}({Show(n.Left)}, {Show(n.Right)})",
        _ => "?",
    };
}
