using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>stages.yaml: rules, guards, precedence, fallback, actors, the shared lists of watches.yaml, and errors that point at the column.</summary>
public sealed class StagesFileTests
{
    private const string Path = "config/stages.yaml";

    private static readonly IReadOnlyDictionary<string, Query> _watchLists = WatchesFile.ParseLists("""
        lists:
          truce: [cease-fire*, truce*, перемир*]
        watches:
          - {id: t, name: T, category: other, query: "@truce"}
        """, "config/watches.yaml");

    [Fact]
    public void Parse_RulesUsingSharedAndOwnLists_PrecedenceDecidesAndRunnersUpAreKept()
    {
        const string yaml = """
            lists:
              accepting: [accept*, agrees to]
            actors:
              Hamas: [Hamas]
              Israel: [Israel, Israeli, IDF]
            rules:
              - {id: accepted, stage: acceptance, query: "@accepting NEAR/4 @truce"}
              - {id: struck, stage: violation, query: strikes NEAR/3 @truce, unless: before NEAR/2 @truce}
              - {id: proposal-noun, stage: proposal, query: proposal}
            """;

        var stages = StagesFile.Parse(yaml, Path, _watchLists);

        var decision = Classify(stages, "Hamas accepts truce proposal as Israeli strikes hit despite the truce");
        Assert.Equal(("violation", "struck"), (decision.Stage, decision.Rule!.RuleId));
        Assert.Equal(["acceptance", "proposal"], decision.RunnersUp.Select(r => r.Stage));
        Assert.Equal("Israel", decision.Actor);
        Assert.Equal(("acceptance", "Hamas"), (Classify(stages, "Hamas accepts truce proposal").Stage, Classify(stages, "Hamas accepts truce proposal").Actor));
        Assert.Equal("acceptance", Classify(stages, "Hamas accepts truce proposal, strikes before the truce").Stage);
    }

    [Fact]
    public void Parse_NamedQueriesOfBothFiles_AreUsedInRulesAndGuards()
    {
        var watchNames = WatchesFile.ParseLists("""
            lists:
              truce: [cease-fire*, truce*]
            queries:
              trade-truce: (tariff* OR trade) NEAR/4 @truce
            watches:
              - {id: t, name: T, category: other, query: "@truce"}
            """, "config/watches.yaml");
        const string yaml = """
            queries:
              calm-returns: (fighting OR violence) ONEAR/2 (eases OR subsides)
            rules:
              - {id: holds, stage: agreement, query: "(@truce ONEAR/1 holds) OR @calm-returns", unless: "@trade-truce"}
            """;

        var stages = StagesFile.Parse(yaml, Path, watchNames);

        Assert.Equal("holds", Classify(stages, "Violence subsides along the border as truce holds").Rule?.RuleId);
        Assert.Equal("holds", Classify(stages, "Fighting eases in the north").Rule?.RuleId);
        Assert.Null(Classify(stages, "Trade truce holds as tariff talks go on").Rule);
    }

    [Fact]
    public void Parse_NoCueFires_FallbackOrWatchCategory()
    {
        const string rules = "rules:\n  - {id: r, stage: talks, query: talks}\n";
        var watches = new[] { new WatchMatch("w", "W", "exchange", WatchPriority.Normal, []) };

        var other = StagesFile.Parse(rules, Path, _watchLists);
        var humanitarian = StagesFile.Parse("fallback: humanitarian\n" + rules, Path, _watchLists);
        var fromWatches = StagesFile.Parse("fallback: watches\n" + rules, Path, _watchLists);

        var article = Article("Truce holds");
        Assert.Equal("other", other.Classify(article, watches).Stage);
        Assert.Equal("humanitarian", humanitarian.Classify(article, watches).Stage);
        Assert.Equal("exchange", fromWatches.Classify(article, watches).Stage);
        Assert.Null(fromWatches.Classify(article, watches).Rule);
    }

    [Fact]
    public void Parse_OwnPrecedence_ReplacesTheGuidelineOrder()
    {
        const string yaml = """
            precedence: [talks, violation, rejection, acceptance, agreement, exchange, humanitarian, proposal, other]
            rules:
              - {id: talks, stage: talks, query: talks}
              - {id: broken, stage: violation, query: violated}
            """;

        var stages = StagesFile.Parse(yaml, Path, _watchLists);

        Assert.Equal("talks", Classify(stages, "Truce violated as talks resume").Stage);
    }

    [Fact]
    public void Parse_ActorAfter_NamesThePartyAfterTheCue()
    {
        const string yaml = """
            actors:
              Russia: [Russia, Росі*]
              Ukraine: [Ukraine, Україн*]
            rules:
              - {id: accused, stage: violation, query: (accus* OR звинувач*) NEAR/6 @truce, actor: after}
            """;

        var stages = StagesFile.Parse(yaml, Path, _watchLists);

        Assert.Equal("Russia", Classify(stages, "Ukraine accuses Russia of breaking the truce").Actor);
        Assert.Equal("Russia", Classify(stages, "Україна звинувачує Росію у порушенні перемир'я").Actor);
    }

    [Fact]
    public void Parse_ShippedStages_LoadWithTheShippedWatchLists()
    {
        var watches = File.ReadAllText(System.IO.Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml"));
        var stages = File.ReadAllText(System.IO.Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml"));

        var set = StagesFile.Parse(stages, Path, WatchesFile.ParseLists(watches, "config/watches.yaml"));

        Assert.Equal(StageNames.Precedence.Order(), set.Rules.Select(r => r.Stage).Distinct().Order());
        Assert.Contains(set.Actors, a => a.Name == "Russia");
        Assert.Equal("other", set.Fallback);
    }

    [Theory]
    [InlineData("rules:\n  - {id: a, stage: truce, query: x}\n", "config/stages.yaml:2: rule 'a': stage 'truce' is not one of violation, rejection")]
    [InlineData("rules:\n  - {id: a, stage: talks}\n", "config/stages.yaml:2: rule 'a' is missing required field 'query'")]
    [InlineData("rules:\n  - id: a\n    stage: talks\n    query: talks NEAR/2 @truse\n", "config/stages.yaml:4:25: unknown list '@truse' (did you mean '@truce'?)")]
    [InlineData("rules:\n  - id: a\n    stage: talks\n    query: talks\n    unless: (hopes\n", "config/stages.yaml:5:19: expected ')' to close '(' opened at 5:13")]
    [InlineData("lists:\n  truce: [x]\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:2: list 'truce' is already defined in watches.yaml")]
    [InlineData("queries:\n  truce: x\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:2: query 'truce' has the name of a list or query already defined in watches.yaml")]
    [InlineData("fallback: maybe\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:1: fallback 'maybe' is not a stage")]
    [InlineData("precedence: [talks, other]\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:1: precedence must list all nine stages; missing violation")]
    [InlineData("rules:\n  - {id: a, stage: talks, query: x, actor: object}\n", "config/stages.yaml:2: rule 'a': actor 'object' must be before")]
    [InlineData("rules:\n  - {id: a, stage: talks, query: x}\n  - {id: a, stage: other, query: y}\n", "config/stages.yaml:3: duplicate rule id 'a' (first defined on line 2)")]
    [InlineData("actors:\n  Hamas: [Hamas]\n  Hamas: [Hamas]\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:3:3: YAML syntax error: Duplicate key Hamas")]
    [InlineData("rulez: []\n", "config/stages.yaml:1: the top level: unknown field 'rulez'")]
    [InlineData("rules:\n  - {id: a, stage: talks, query: x, strength: 0}\n", "config/stages.yaml:2: rule 'a': 'strength' must be a number above 0 to 1 (like 0.6), not '0'")]
    [InlineData("rules:\n  - {id: a, stage: talks, query: x, strength: high}\n", "config/stages.yaml:2: rule 'a': 'strength' must be a number above 0 to 1")]
    [InlineData("claims: {threshold: 1.5}\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:1: claims: 'threshold' must be a number from 0 to 1")]
    [InlineData("claims: {treshold: 0.5}\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:1: claims: unknown field 'treshold'")]
    [InlineData("claims: 0.5\nrules:\n  - {id: a, stage: talks, query: x}\n", "config/stages.yaml:1: 'claims' must be a map")]
    [InlineData("rules:\n  - id: a\n    stage: talks\n    query: talks\n    unless:\n      - hopes\n      - (fears\n", "config/stages.yaml:7:15: expected ')' to close '(' opened at 7:9")]
    [InlineData("rules:\n  - {id: a, stage: talks, query: x, neutral: true}\n", "config/stages.yaml:2: rule 'a': neutral: true withholds the claims made beside it, so its stage must be other, not 'talks'")]
    [InlineData("rules:\n  - {id: a, stage: other, query: x, neutral: maybe}\n", "config/stages.yaml:2: rule 'a': 'neutral' must be true or false, not 'maybe'")]
    public void Parse_Invalid_ReportsFileLineAndColumn(string yaml, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => StagesFile.Parse(yaml, Path, _watchLists));

        Assert.Contains(ex.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnlessAsAList_AnyGuardStopsTheCue()
    {
        var set = StagesFile.Parse("rules:\n  - id: a\n    stage: talks\n    query: talks\n    unless:\n      - hopes\n      - fears\n", Path, _watchLists);

        Assert.Equal(
            ("talks", "other", "other"),
            (Classify(set, "talks begin").Stage, Classify(set, "hopes for talks").Stage, Classify(set, "fears over talks").Stage));
    }

    [Fact]
    public void Parse_StrengthAndClaims_AreRead()
    {
        var set = StagesFile.Parse("claims: {threshold: 0.3, summary: 0.5, contest: 0}\nrules:\n  - {id: a, stage: talks, query: talks, strength: 0.4}\n", Path, _watchLists);

        Assert.Equal((0.4, new StageClaims(0.3, 0.5, 0)), (set.Rules[0].Strength, set.Claims));
        Assert.Equal(("talks", 0.4), (Classify(set, "talks begin").Stage, Classify(set, "talks begin").Strength));
    }

    [Fact]
    public void Parse_NeutralCue_WithholdsAnyClaimBesideItWhateverItsStrength()
    {
        var set = StagesFile.Parse("rules:\n  - {id: a, stage: talks, query: talks}\n  - {id: q, stage: other, query: analysis, neutral: true}\n", Path, _watchLists);

        var asked = Classify(set, "Analysis: talks begin");

        Assert.Equal((true, "talks", 1.0), (set.Rules[1].Neutral, Classify(set, "talks begin").Stage, Classify(set, "talks begin").Strength));
        Assert.Equal(("other", "talks", "q", null), (asked.Stage, asked.Withheld, asked.WithheldBy, asked.Actor));
    }

    private static StageDecision Classify(StageSet stages, string title) => stages.Classify(Article(title), []);

    private static Article Article(string title) => new("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch);
}
