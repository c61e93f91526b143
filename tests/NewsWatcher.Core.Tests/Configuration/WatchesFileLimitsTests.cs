using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>No watches.yaml, however nested, reaches unbounded recursion: each limit is an editor error with its position.</summary>
public sealed class WatchesFileLimitsTests
{
    private const string Path = "config/watches.yaml";

    [Fact]
    public void Parse_QueryNestedTooDeep_ReportsFileLineAndColumn()
    {
        var depth = QueryParser.MaxDepth + 1;
        var yaml = $"""
            watches:
              - id: deep
                name: Deep
                category: other
                query: {new string('(', depth)}truce{new string(')', depth)}
            """;

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((5, 12 + QueryParser.MaxDepth), (error.Line, error.Column));
        Assert.StartsWith($"{Path}:5:{12 + QueryParser.MaxDepth}: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListsInsideListsPastTheLimit_ReportsInsteadOfRecursing()
    {
        // l0 uses l1, which uses l2, ...: each level is a recursion of the list resolver.
        var count = 5_000;
        var lists = string.Concat(Enumerable.Range(0, count).Select(i => i + 1 < count ? $"  l{i}: [w{i}, \"@l{i + 1}\"]\n" : $"  l{i}: [w{i}]\n"));
        var yaml = "lists:\n" + lists + "watches:\n  - id: deep\n    name: Deep\n    category: other\n    query: truce @l0\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message.Contains($"more than {QueryParser.MaxDepth} lists inside lists", StringComparison.Ordinal) && e.Line > 1);
    }

    [Fact]
    public void Parse_ListsDoublingEachLevel_ReportsTheTermCountInsteadOfExpanding()
    {
        // l(i) uses l(i+1) twice: 2^25 terms if expanded, though the file is a few lines.
        var levels = 25;
        var lists = string.Concat(Enumerable.Range(0, levels).Select(i => $"  l{i}: [\"@l{i + 1}\", \"@l{i + 1}\"]\n")) + $"  l{levels}: [truce]\n";
        var yaml = "lists:\n" + lists + "watches:\n  - id: big\n    name: Big\n    category: other\n    query: truce @l0\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        Assert.Contains(ex.Errors, e => e.Message.Contains($"at most {QueryParser.MaxTerms:N0} are allowed", StringComparison.Ordinal) && e.Line > 1);
    }

    [Fact]
    public void Parse_YamlNestedTooDeep_ReportsTheLineAndColumnInsteadOfOverflowing()
    {
        var yaml = "watches:\n  - id: deep\n    name: Deep\n    category: other\n    any: " + new string('[', 50_000) + "truce" + new string(']', 50_000) + "\n";

        var ex = Assert.Throws<ConfigException>(() => WatchesFile.Parse(yaml, Path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal(10 + YamlConfigReader.MaxNesting - 3, error.Column);
        Assert.Contains($"more than {YamlConfigReader.MaxNesting} levels deep", error.Message, StringComparison.Ordinal);
    }
}
