using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Configuration;

public sealed class WatchesFileTests
{
    private const string Path = "config/watches.yaml";

    [Fact]
    public void Parse_ValidFile_CompilesAnyAllNone()
    {
        const string yaml = """
            watches:
              - id: truce-accepted
                name: Truce accepted
                category: acceptance
                priority: urgent
                any: [accept*, agrees to]
                all: [[truce, cease-fire]]
                none: [tariff]
            """;

        var set = WatchesFile.Parse(yaml, Path);

        var watch = Assert.Single(set.Watches);
        Assert.Equal((WatchPriority.Urgent, 2), (watch.Priority, watch.Line));
        Assert.Single(set.Match(Article("Hamas accepts cease-fire proposal")));
        Assert.Empty(set.Match(Article("China accepts tariff truce")));
        Assert.Empty(set.Match(Article("Hamas accepts proposal")));
    }

    [Fact]
    public void Parse_WatchWithoutAny_ReportsFileAndLine()
    {
        const string yaml = """
            watches:
              - id: ok
                name: Ok
                category: other
                any: [truce]
              - id: truce-accepted
                name: Truce accepted
                category: acceptance
            """;

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Equal("config/watches.yaml:6: watch 'truce-accepted' needs a 'query' (or 'any' terms)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Parse_UnknownField_NamesItAndListsAllowed()
    {
        const string yaml = """
            watches:
              - id: w
                name: W
                category: other
                prio: urgent
                any: [truce]
            """;

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("unknown field 'prio'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: id, name, category, priority, query, exclude, feeds, any, all, none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAll()
    {
        const string yaml = """
            watches:
              - id: Bad Id
                name: W
                category: Violation
                priority: high
                any: ["*"]
              - id: dup
                name: D
                category: other
                any: [truce]
              - id: dup
                category: other
                any: [truce]
              - id: nameless
                category: other
                any: [truce]
            """;

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Collection(
            ex.Errors,
            e => Assert.Contains("id must be lower-case", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("category 'Violation' is not one of", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("priority 'high' must be normal or urgent", e.Message, StringComparison.Ordinal),
            e => Assert.Equal((6, 12, "'*' has no letters or digits to match"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal("config/watches.yaml:11: duplicate watch id 'dup' (first defined on line 7)", e.ToString()),
            e => Assert.Equal("config/watches.yaml:14: watch 'nameless' is missing required field 'name'", e.ToString()));
    }

    [Fact]
    public void Parse_DuplicateId_PointsAtSecondEntry()
    {
        const string yaml = """
            watches:
              - {id: a, name: A, category: other, any: [truce]}
              - {id: a, name: B, category: other, any: [truce]}
            """;

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Equal("config/watches.yaml:3: duplicate watch id 'a' (first defined on line 2)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsLineAndColumn()
    {
        const string yaml = "watches:\n  - id: a\n    name: [unclosed\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        var error = Assert.Single(ex.Errors);
        Assert.True(error.Line >= 3 && error.Column > 0, error.ToString());
        Assert.StartsWith("config/watches.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("feeds: []", "unknown field 'feeds'")]
    [InlineData("watches: 3", "'watches' must be a list")]
    public void Parse_WrongTopLevel_Explains(string yaml, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AnchorsAndAliases_ShareTermLists()
    {
        const string yaml = """
            watches:
              - {id: a, name: A, category: other, any: &t [truce, cease-fire], none: &n [tariff]}
              - {id: b, name: B, category: talks, any: [talks], all: [*t], none: [*n, union]}
            """;

        var set = WatchesFile.Parse(yaml, Path);

        Assert.Equal(["a", "b"], set.Match(Article("Ceasefire talks resume")).Select(m => m.WatchId));
        Assert.Empty(set.Match(Article("Union talks on tariff truce")));
    }

    [Fact]
    public void Parse_FieldScopedTerm_OnlyMatchesThatField()
    {
        const string yaml = """
            watches:
              - {id: a, name: A, category: other, any: ["title:truce"]}
            """;

        var set = WatchesFile.Parse(yaml, Path);

        Assert.Empty(set.Match(new Article("1", "f", "Markets", "truce hopes", null, DateTimeOffset.UnixEpoch)));
        Assert.Single(set.Match(Article("Truce hopes")));
    }

    private static Article Article(string title) => new("1", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch);
}
