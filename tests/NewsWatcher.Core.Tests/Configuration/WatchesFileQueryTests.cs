using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>watches.yaml in the query language: lists, exclude, feeds, and errors that point at the column.</summary>
public sealed class WatchesFileQueryTests
{
    private const string Path = "config/watches.yaml";

    [Fact]
    public void Parse_QueryWithLists_Matches()
    {
        const string yaml = """
            lists:
              truce: [cease-fire*, truce*, перемир*, "прекращени* огня"]
              parties: Russia, Russian, Kremlin, Putin, Ukraine, Kyiv, Zelensk*
              ru-ua-truce: [@truce, peace plan*]
            watches:
              - id: ru-ua-truce-rejected
                name: Russia/Ukraine rejects a truce
                category: rejection
                priority: urgent
                query: (reject* OR rebuff*) @ru-ua-truce NEAR/10 @parties
                exclude: tariff*
                feeds: [kyiv, bbc]
            """;

        var set = WatchesFile.Parse(yaml, Path);

        var watch = Assert.Single(set.Watches);
        Assert.Equal(("rejection", WatchPriority.Urgent, 6), (watch.Category, watch.Priority, watch.Line));
        Assert.Single(set.Match(Article("Kremlin rejects US peace plan", "kyiv")));
        Assert.Single(set.Match(Article("Zelensky rebuffs Russian ceasefire offer", "bbc")));
        Assert.Empty(set.Match(Article("Zelensky rebuffs Russian ceasefire offer", "other-feed")));
        Assert.Empty(set.Match(Article("Kremlin rejects tariff truce", "kyiv")));
        Assert.Empty(set.Match(Article("Hamas rejects ceasefire", "kyiv")));
    }

    [Fact]
    public void Parse_SimpleForm_IsSugarAndMayUseLists()
    {
        const string yaml = """
            lists:
              truce: [truce, cease-fire]
            watches:
              - {id: a, name: A, category: other, any: [accept*], all: [[@truce]], none: [tariff]}
              - {id: b, name: B, category: other, query: "accept* @truce -tariff"}
            """;

        var set = WatchesFile.Parse(yaml, Path);

        Assert.Equal(["a", "b"], set.Match(Article("Hamas accepts cease-fire")).Select(m => m.WatchId));
        Assert.Empty(set.Match(Article("China accepts tariff truce")));
        Assert.Empty(set.Match(Article("Hamas accepts proposal")));
    }

    [Fact]
    public void Parse_UnclosedParenthesis_ReportsLineColumnOpeningAndCaret()
    {
        const string yaml = """
            watches:
              - id: a
                name: A
                category: other
                query: (truce OR ceasefire AND gaza
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal(
            [
                "config/watches.yaml:5:40: expected ')' to close '(' opened at 5:12",
                "        query: (truce OR ceasefire AND gaza",
                new string(' ', 4 + 39) + "^",
            ],
            error.ToString().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("query: truce OR OR gaza", 21)]
    [InlineData("query: \"truce OR OR gaza\"", 22)]
    [InlineData("query: 'it''s truce OR OR gaza'", 28)]
    [InlineData("query: \"\\\"truce\\\" OR OR gaza\"", 26)]
    public void Parse_QueryError_ColumnAccountsForScalarStyle(string line, int column)
    {
        var yaml = $"watches:\n  - id: a\n    name: A\n    category: other\n    {line}\n";

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((5, column), (error.Line, error.Column));
        Assert.StartsWith("expected a term after 'OR', found 'OR'", error.Message, StringComparison.Ordinal);
        Assert.Equal("OR", ("    " + line)[(column - 1)..(column + 1)]);
    }

    [Theory]
    [InlineData("|")]
    [InlineData(">")]
    [InlineData(">-")]
    public void Parse_BlockScalarQuery_PointsAtTheLineInsideTheBlock(string indicator)
    {
        var yaml = $"""
            watches:
              - id: a
                name: A
                category: other
                query: {indicator}
                  (truce OR ceasefire)
                  AND (gaza OR
                       @nowhere)
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((8, 12), (error.Line, error.Column));
        Assert.StartsWith("unknown list '@nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WindowsLineEndingsAndTabs_ColumnAndCaretStillLineUp()
    {
        const string yaml = "watches:\r\n  - id: a\r\n    name: A\r\n    category: other\r\n    query: \"truce\tOR )\" # note\r\n";

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((5, 22), (error.Line, error.Column));
        Assert.Equal("    query: \"truce\tOR )\" # note", error.SourceLine);
        Assert.EndsWith(new string(' ', 4 + 17) + "\t   ^", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MultiLinePlainQuery_PointsAtTheRightLine()
    {
        const string yaml = """
            watches:
              - id: a
                name: A
                category: other
                query: truce
                  AND (gaza OR
                  kyiv))
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((7, 12, "unexpected ')' with no '(' to close"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Parse_ListItemError_PointsIntoTheList()
    {
        const string yaml = """
            lists:
              parties: Russia, Ukraine, Ky*, Kremlin
            watches:
              - {id: a, name: A, category: other, query: truce @parties}
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((2, 29, "prefix 'Ky*' is too short (at least 3 letters before '*')"), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData("query: truce @partys", "unknown list '@partys' (did you mean '@parties'?)")]
    [InlineData("query: \"  \"", "watch 'a': 'query' is empty")]
    [InlineData("query: ''", "watch 'a': 'query' is empty")]
    [InlineData("query: [truce]", "watch 'a': 'query' must be a query text, not a list")]
    [InlineData("exclude: NOT", "expected a term after 'NOT'")]
    [InlineData("quary: truce", "watch 'a': unknown field 'quary'")]
    [InlineData("query: truce\n    any: [truce]", "watch 'a': write either 'query' or the any/all/none form, not both")]
    [InlineData("all: [truce]", "watch 'a' has no 'any' terms")]
    [InlineData("name: A", "watch 'a' needs a 'query' (or 'any' terms)")]
    public void Parse_WatchError_IsReported(string fields, string expected)
    {
        var yaml = $"lists:\n  parties: [Russia]\nwatches:\n  - id: a\n    name: A\n    category: other\n    {fields}\n";
        if (fields.StartsWith("name:", StringComparison.Ordinal))
        {
            yaml = "watches:\n  - id: a\n    name: A\n    category: other\n";
        }

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("lists: [a]", "'lists' must be a map of names to term lists")]
    [InlineData("lists:\n  a: []", "list 'a' is empty")]
    [InlineData("lists:\n  a: [x, @b]\n  b: [@a]", "list 'a' refers to itself (through @a → @b → @a)")]
    [InlineData("lists:\n  a b: [x]", "list name 'a b' may only use letters, digits, '-' and '_'")]
    [InlineData("lists:\n  a: [x, [y]]\n  c: [{k: v}]", "list 'c': every item must be a term (a word, a phrase, or @list)")]
    public void Parse_ListError_IsReported(string lists, string expected)
    {
        var yaml = $"{lists}\nwatches:\n  - {{id: w, name: W, category: other, query: truce}}\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message == expected || e.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NamedQuery_IsUsedWhereverAListIs()
    {
        // other-truce uses a named query defined after it: the order of the definitions does not matter.
        const string yaml = """
            lists:
              truce: [cease-fire*, truce*]
              war-words: [army, rebels, shelling]
            queries:
              other-truce: "@trade-truce OR (politics NOT @war-words)"
              trade-truce: (tariff* OR trade OR exports) NEAR/4 @truce
            watches:
              - {id: truce, name: Truce, category: other, query: "@truce", exclude: "@other-truce"}
              - {id: trade, name: Trade truce, category: other, query: "@trade-truce"}
            """;

        var set = WatchesFile.Parse(yaml, Path);

        Assert.Equal(["truce"], set.Match(Article("Rebels and army agree a truce in the north")).Select(m => m.WatchId));
        Assert.Equal(["trade"], set.Match(Article("Washington and Beijing extend their tariff truce")).Select(m => m.WatchId));
        Assert.Empty(set.Match(Article("A truce in politics as parties agree on the budget")));
        Assert.Equal(["truce"], set.Match(Article("Truce talk in politics as rebels keep up shelling")).Select(m => m.WatchId));
    }

    [Theory]
    [InlineData("queries: [a]", "'queries' must be a map of names to queries")]
    [InlineData("queries:\n  a: ''", "query 'a' is empty")]
    [InlineData("queries:\n  a: []", "query 'a' is an empty list")]
    [InlineData("queries:\n  a: x OR @b\n  b: '@a'", "query 'a' refers to itself (through @a → @b → @a)")]
    [InlineData("lists:\n  a: [x]\nqueries:\n  a: y", "query 'a' has the name of a list or query already defined in this file; pick another name")]
    [InlineData("queries:\n  a b: x", "query name 'a b' may only use letters, digits, '-' and '_'")]
    [InlineData("lists:\n  a: [x, @q]\nqueries:\n  q: y", "unknown list '@q'")]
    public void Parse_NamedQueryError_IsReported(string section, string expected)
    {
        var yaml = $"{section}\nwatches:\n  - {{id: w, name: W, category: other, query: truce}}\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NamedQuerySyntaxError_PointsIntoItsDefinitionOnce()
    {
        const string yaml = """
            queries:
              other-truce: tariff* OR (trade NEAR/2
            watches:
              - {id: a, name: A, category: other, query: truce, exclude: "@other-truce"}
              - {id: b, name: B, category: other, query: ceasefire, exclude: "@other-truce"}
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal((2, 40), (error.Line, error.Column)); // the end of the definition, where a term was expected
        Assert.StartsWith("expected ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenList_IsReportedOnceNotAtEveryUse()
    {
        const string yaml = """
            lists:
              parties: [Ru*]
            watches:
              - {id: a, name: A, category: other, query: truce @parties}
              - {id: b, name: B, category: other, query: talks @parties}
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path)).Errors);

        Assert.Equal(2, error.Line);
    }

    private static Article Article(string title, string feed = "f") => new("1", feed, title, string.Empty, null, DateTimeOffset.UnixEpoch);
}
