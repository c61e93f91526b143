using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>
/// A query cannot nest or grow without bound: every recursive walk of a rule (parse, compile, match, explain) stays far
/// from the end of the stack, and the error points at the place that went too deep.
/// </summary>
public sealed class QueryParserLimitsTests
{
    [Fact]
    public void Parse_ParenthesesOneLevelPastTheLimit_ReportsTheOpeningParenthesis()
    {
        var depth = QueryParser.MaxDepth + 1;
        var text = new string('(', depth) + "truce" + new string(')', depth);

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Equal(QueryParser.MaxDepth, ex.Offset);
        Assert.Contains($"more than {QueryParser.MaxDepth} levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ParenthesesAtTheLimit_Parses()
    {
        var text = new string('(', QueryParser.MaxDepth) + "truce" + new string(')', QueryParser.MaxDepth);

        Assert.Equal(new TermQuery("truce"), QueryParser.Parse(text));
    }

    [Fact]
    public void Parse_NinetyThousandNestedParentheses_ReportsInsteadOfOverflowingTheStack()
    {
        var text = new string('(', 90_000) + "truce" + new string(')', 90_000);

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Contains("characters long", ex.Message, StringComparison.Ordinal);
        var shorter = new string('(', 4_000) + "truce" + new string(')', 4_000);
        Assert.Equal(QueryParser.MaxDepth, Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(shorter)).Offset);
    }

    [Fact]
    public void Parse_LongNearChain_ReportsTheNearThatGoesTooDeep()
    {
        // NEAR chains build a left-deep tree without any parentheses.
        var text = "truce" + string.Concat(Enumerable.Range(0, QueryParser.MaxDepth + 5).Select(i => $" NEAR/3 w{i}"));

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Contains($"nests {QueryParser.MaxDepth + 1} levels deep", ex.Message, StringComparison.Ordinal);
        Assert.Equal("NEAR/3", text.Substring(ex.Offset, 6));
    }

    [Fact]
    public void Parse_LongNotChain_Reports()
    {
        var text = "truce " + string.Concat(Enumerable.Repeat("NOT ", QueryParser.MaxDepth + 1)) + "tariff";

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Contains($"more than {QueryParser.MaxDepth} levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListUsedInsideDeepGroups_CountsTheListsOwnDepth()
    {
        // A list as deep as the limit allows, used one level further down, is one level too many.
        Query list = new TermQuery("truce");
        for (var i = 1; i < QueryParser.MaxDepth; i++)
        {
            list = new NotQuery(list);
        }

        var lists = new Dictionary<string, Query> { ["deep"] = list };
        Assert.Equal(QueryParser.MaxDepth, list.Depth);

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("Gaza AND @deep", lists));

        Assert.Contains("nests 33 levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListExpandingPastTheTermLimit_Reports()
    {
        // Shared sub-trees count at every use: a list used twice in one query counts twice.
        var big = new OrQuery([.. Enumerable.Range(0, (QueryParser.MaxTerms / 2) + 1).Select(i => new TermQuery($"t{i}"))]);
        var lists = new Dictionary<string, Query> { ["big"] = big };
        Assert.NotNull(QueryParser.Parse("@big", lists));

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("@big NEAR/3 @big", lists));

        Assert.Contains($"at most {QueryParser.MaxTerms:N0} are allowed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QueryLongerThanTheLimit_ReportsItsLength()
    {
        var text = string.Join(" OR ", Enumerable.Range(0, 2_000).Select(i => $"term{i}"));

        var ex = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Equal(QueryParser.MaxLength, ex.Offset);
        Assert.Contains($"{text.Length:N0} characters long", ex.Message, StringComparison.Ordinal);
    }
}
