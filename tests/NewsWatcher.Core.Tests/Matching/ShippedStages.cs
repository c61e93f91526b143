using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>The shipped config/watches.yaml and config/stages.yaml, compiled once for the stage tests.</summary>
internal static class ShippedStages
{
    private static readonly Lazy<(WatchSet Watches, StageSet Stages)> _shipped = new(() =>
    {
        var watchesYaml = Read("watches.yaml");
        var watches = WatchesFile.Parse(watchesYaml, "config/watches.yaml");
        var stages = StagesFile.Parse(Read("stages.yaml"), "config/stages.yaml", WatchesFile.ParseLists(watchesYaml, "config/watches.yaml"));
        return (watches, stages);
    });

    public static WatchSet Watches => _shipped.Value.Watches;

    public static StageSet Stages => _shipped.Value.Stages;

    /// <summary>The stage of an article with this headline; fails the test when no shipped watch matches it.</summary>
    public static StageDecision Classify(string title) => Classify(new Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch));

    public static StageDecision Classify(Article article)
    {
        var matches = Watches.Match(article);
        Assert.True(matches.Count > 0, $"'{article.Title}' is not matched by the shipped watches");
        return Stages.Classify(article, matches);
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", name));
}
