using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>Which conflict an article is about, with the shipped actors and named threads of config/stages.yaml, and the section's errors.</summary>
public sealed class ThreadRulesTests
{
    private const string Path = "config/stages.yaml";

    private static readonly Lazy<ThreadRules> _shipped = new(() =>
    {
        var watchesYaml = Read("watches.yaml");
        var stagesYaml = Read("stages.yaml");
        var stages = StagesFile.Parse(stagesYaml, Path, WatchesFile.ParseLists(watchesYaml, "config/watches.yaml"));
        return ThreadsSection.Parse(stagesYaml, Path, stages.Actors);
    });

    [Theory]
    [InlineData("US proposes 30-day ceasefire between Russia and Ukraine", "named:russia-ukraine")]
    [InlineData("Kremlin accepts US truce plan in principle", "named:russia-ukraine")]
    [InlineData("Russia agrees to 30-day ceasefire, Kremlin says", "named:russia-ukraine")]
    [InlineData("Россия согласилась на перемирие", "named:russia-ukraine")]
    [InlineData("Hamas accepts Gaza truce proposal, Qatar says", "named:israel-hamas")]
    [InlineData("Israel strikes Beirut despite ceasefire with Hezbollah", "named:israel-hezbollah")]
    [InlineData("Thailand accuses Cambodia of ceasefire violation", "named:thailand-cambodia")]
    [InlineData("RSF agrees to humanitarian truce in Sudan", "named:sudan")]
    [InlineData("Houthis and US agree ceasefire, Oman says", "parties:Houthis+United States")]
    [InlineData("Israel strikes Gaza despite ceasefire", "named:israel-hamas")]
    [InlineData("Syria rebels say attacks by army and Russian planes threaten truce", "named:syria")]
    [InlineData("Israel accepts ceasefire", null)]
    [InlineData("Ceasefire holds for a third day", null)]
    public void ConflictOf_ShippedConfig(string title, string? key)
    {
        var rules = _shipped.Value;

        var conflict = rules.ConflictOf(rules.PartiesOf(new Article("1", "f", title, "", null, DateTimeOffset.UnixEpoch)));

        Assert.Equal(key, conflict?.Key);
    }

    [Fact]
    public void ConflictOf_SameDayDifferentConflicts_AreApart()
    {
        var rules = _shipped.Value;
        var gaza = rules.ConflictOf(new HashSet<string>(["Israel", "Hamas"]));
        var ukraine = rules.ConflictOf(new HashSet<string>(["Russia", "Ukraine", "United States"]));

        Assert.NotEqual(gaza!.Key, ukraine!.Key);
        Assert.Equal("Israel–Hamas (Gaza)", gaza.Name);
        Assert.Equal(TimeSpan.FromDays(30), rules.Window);
    }

    [Fact]
    public void ConflictOf_HeadlineFirst_SummaryOnlyWhenTheHeadlineNamesNoParty()
    {
        var rules = _shipped.Value;

        Assert.Equal(["Russia"], rules.PartiesOf(new Article("1", "f", "Kremlin accepts truce", "Ukraine and Israel comment", null, DateTimeOffset.UnixEpoch)));
        Assert.Equal(["Hamas"], rules.PartiesOf(new Article("1", "f", "Truce accepted", "Hamas said on Monday", null, DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void Parse_Errors_NameFileAndLine()
    {
        const string yaml = """
            actors:
              Russia: [Russia]
              Ukraine: [Ukraine]
            rules:
              - {id: r, stage: violation, query: violat*}
            threads:
              window_days: forever
              colour: red
              named:
                - {id: ru-ua, parties: [Russia, Narnia]}
                - {id: empty, name: Empty}
                - {id: ru-ua, parties: [Russia]}
            """;
        var actors = StagesFile.Parse(yaml, Path).Actors;

        var errors = Assert.Throws<ConfigException>(() => ThreadsSection.Parse(yaml, Path, actors)).Errors;

        Assert.Equal(
            [
                (7, "threads: window_days 'forever' must be a whole number of days from 1 to 365"),
                (8, "threads: unknown field 'colour'; allowed: window_days, named"),
                (10, "thread 'ru-ua': party 'Narnia' is not an actor of this file; known: Russia, Ukraine"),
                (11, "thread 'empty' names no parties; list the actors that are its sides (parties: [Russia, Ukraine])"),
                (12, "duplicate thread id 'ru-ua' (first defined on line 10)"),
            ],
            errors.Select(e => (e.Line, e.Message)));
        Assert.All(errors, e => Assert.Equal(Path, e.File));
    }

    [Fact]
    public void Parse_NoSection_DefaultWindowNothingNamed()
    {
        var rules = ThreadsSection.Parse("rules:\n  - {id: r, stage: violation, query: violat*}\n", Path, [new StageActor("Russia", new TermQuery("Russia"))]);

        Assert.Equal(ThreadRules.DefaultWindow, rules.Window);
        Assert.Empty(rules.Named);
        Assert.Null(rules.ConflictOf(new HashSet<string>(["Russia"])));
        Assert.Equal("parties:Russia+Ukraine", rules.ConflictOf(new HashSet<string>(["Ukraine", "Russia"]))!.Key);
    }

    [Fact]
    public void Replay_FourHeadlines_FourArticleAlertsThreeDevelopmentsOneThread()
    {
        var watchesYaml = Read("watches.yaml");
        var stagesYaml = Read("stages.yaml");
        var watches = WatchesFile.Parse(watchesYaml, "config/watches.yaml");
        var stages = StagesFile.Parse(stagesYaml, Path, WatchesFile.ParseLists(watchesYaml, "config/watches.yaml"));
        var day = new DateTimeOffset(2025, 3, 11, 9, 0, 0, TimeSpan.Zero);
        Article[] stream =
        [
            new("4", "wire", "Russia violates ceasefire hours after accepting it, Ukraine says", "", null, day.AddDays(3)),
            new("1", "wire", "US proposes 30-day ceasefire between Russia and Ukraine", "", null, day),
            new("2", "wire", "Kremlin accepts US truce plan in principle", "", null, day.AddDays(2)),
            new("3", "desk", "Russia agrees to 30-day ceasefire, Kremlin says", "", null, day.AddDays(2).AddHours(1)),
        ];

        var result = ThreadReplay.Run(stream, watches, stages, _shipped.Value, TimeSpan.FromDays(2));

        Assert.Equal((4, 3), (result.Articles, result.Developments));
        var thread = Assert.Single(result.Threads);
        Assert.Equal(["1", "2", "3", "4"], thread.Reports.Select(r => r.Article.Id));
        Assert.Equal([true, true, false, true], thread.Reports.Select(r => r.IsNewDevelopment));
        Assert.Equal([(new DateOnly(2025, 3, 11), 1, 1), (new DateOnly(2025, 3, 13), 2, 1), (new DateOnly(2025, 3, 14), 1, 1)], result.Days.Select(d => (d.Day, d.Articles, d.Developments)));
    }

    [Fact]
    public void Parse_Terms_AreWordsNotQueries()
    {
        const string yaml = """
            actors:
              Israel: [Israel]
              Hamas: [Hamas]
            rules:
              - {id: r, stage: violation, query: violat*}
            threads:
              named:
                - {id: gaza, parties: [Israel, Hamas], terms: [Gaza, "(Rafah OR x)"]}
            """;

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ThreadsSection.Parse(yaml, Path, StagesFile.Parse(yaml, Path).Actors)).Errors);

        Assert.Equal((8, "thread 'gaza': term '(Rafah OR x)' must be a word or phrase (a trailing * for a prefix), not a query"), (error.Line, error.Message));
    }

    private static string Read(string name) => File.ReadAllText(System.IO.Path.Combine(Corpus.RepositoryRoot, "config", name));
}
