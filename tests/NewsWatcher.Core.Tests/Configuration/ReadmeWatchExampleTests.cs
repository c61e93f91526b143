using System.Text.RegularExpressions;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>The editors' guide's watch example (docs/editors.md, moved there from the README) is real: it loads and matches what it says it matches.</summary>
public sealed partial class ReadmeWatchExampleTests
{
    [Fact]
    public void Parse_ReadmeListsAndQueryExample_LoadsAndMatches()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "docs", "editors.md"));
        var yaml = YamlBlocks().Matches(readme).Select(m => m.Groups["yaml"].Value).Single(y => y.StartsWith("lists:", StringComparison.Ordinal));

        var set = WatchesFile.Parse(yaml, "docs/editors.md");

        var match = Assert.Single(set.Match(new Article("1", "f", "Україна звинуватила Росію: перемир'я порушено", "", null, DateTimeOffset.UnixEpoch)));
        Assert.Equal(("ru-ua-truce-violated", "violation"), (match.WatchId, match.Category));
        Assert.Empty(set.Match(new Article("1", "f", "Truce violated in Sudan", "", null, DateTimeOffset.UnixEpoch)));
    }

    [GeneratedRegex("```yaml\\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlocks();
}
