using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>The editors' <c>examples:</c> in watches.yaml and stages.yaml: read with file:line errors, run against the rules.</summary>
public sealed class RuleExamplesTests
{
    private const string Watches = """
        lists:
          truce: [truce*, ceasefire]
        watches:
          - {id: truce-news, name: Truce, category: other, query: "@truce -tariff*"}
          - {id: truce-rejected, name: Rejected, category: rejection, query: "reject* @truce"}
        """;

    private const string Stages = """
        rules:
          - {id: rejected, stage: rejection, query: rejects NEAR/3 @truce}
          - {id: accepted, stage: acceptance, query: accepts NEAR/3 @truce}
        actors:
          Russia: [Russia, Kremlin]
          Ukraine: [Ukraine, Kyiv]
        """;

    [Fact]
    public void ParseWatchExamples_ShapesEditorsWrite_ReadWithTheirLines()
    {
        var examples = RuleExamples.ParseWatchExamples(Watches + """

            examples:
              - text: "Kremlin rejects truce"
                matches: [truce-rejected, rejection]
              - {text: "Tariff truce extended", matches: none}
              - {text: "Truce holds", summary: "Both sides say so.", matches: any}
              - {text: "Truce holds again", matches: truce-news}
            """, "config/watches.yaml");

        Assert.Equal(
            [
                ("config/watches.yaml", 7, "Kremlin rejects truce", "", "truce-rejected|rejection"),
                ("config/watches.yaml", 9, "Tariff truce extended", "", ""),
                ("config/watches.yaml", 10, "Truce holds", "Both sides say so.", "any"),
                ("config/watches.yaml", 11, "Truce holds again", "", "truce-news"),
            ],
            examples.Select(e => (e.File, e.Line, e.Text, e.Summary, string.Join('|', e.Matches!))));
    }

    [Fact]
    public void ParseWatchExamples_WrittenWrong_EveryErrorWithFileAndLine()
    {
        var ex = Assert.Throws<ConfigException>(() => RuleExamples.ParseWatchExamples(Watches + """

            examples:
              - {text: "Truce holds"}
              - {text: "Truce holds", matches: [none, truce-news]}
              - {text: "Truce holds", matches: any, stage: other}
              - {matches: none}
              - Truce holds
            """, "config/watches.yaml"));

        Assert.Equal(
            [
                "config/watches.yaml:7: example \"Truce holds\" is missing required field 'matches' (watch ids or categories, 'any', or 'none')",
                "config/watches.yaml:8: example \"Truce holds\": 'none' stands alone in 'matches', not in a list with watch ids",
                "config/watches.yaml:9: example \"Truce holds\": unknown field 'stage'; allowed: text, matches, summary",
                "config/watches.yaml:10: example #4 is missing required field 'text'",
                "config/watches.yaml:11: each example must be a map of fields (text, matches, summary), not 'Truce holds'",
            ],
            ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ParseStageExamples_WrittenWrong_EveryErrorWithFileAndLine()
    {
        var ex = Assert.Throws<ConfigException>(() => RuleExamples.ParseStageExamples(Stages + """

            examples:
              - {text: "Kremlin rejects truce", stage: rejected}
              - {text: "Kremlin rejects truce"}
            """, "config/stages.yaml"));

        Assert.Equal(
            [
                "config/stages.yaml:8: example \"Kremlin rejects truce\": stage 'rejected' is not one of violation, rejection, acceptance, agreement, exchange, humanitarian, proposal, talks, other",
                "config/stages.yaml:9: example \"Kremlin rejects truce\" is missing required field 'stage'",
            ],
            ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ParseStageExamples_ExamplesNotAList_ErrorAtTheirLine()
    {
        var ex = Assert.Throws<ConfigException>(() => RuleExamples.ParseStageExamples(Stages + "\nexamples: Kremlin rejects truce\n", "stages.yaml"));

        Assert.Equal("stages.yaml:7: 'examples' must be a list of headlines with what they should give (- text: \"…\" then stage: …)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Parse_FileWithExamples_RulesReadAsWithout_EvenWhenAnExampleIsWrittenWrong()
    {
        const string Broken = "\nexamples:\n  - {text: \"x\", matches: [nothing-like-it]}\n  - 42\n";

        var watches = WatchesFile.Parse(Watches + Broken, "watches.yaml");
        var stages = StagesFile.Parse(Stages + Broken, "stages.yaml", WatchesFile.ParseLists(Watches + Broken, "watches.yaml"));

        Assert.Equal(2, watches.Watches.Count);
        Assert.Equal(2, stages.Rules.Count);
    }

    [Fact]
    public void Check_ExamplesThatHold_NoErrors()
    {
        var (watches, stages) = Rules();
        var examples = RuleExamples.ParseWatchExamples(Watches + """

            examples:
              - {text: "Kremlin rejects truce", matches: [truce-rejected, rejection, truce-news]}
              - {text: "US and China extend tariff truce", matches: none}
              - {text: "Truce holds", matches: any}
            """, "watches.yaml").Concat(RuleExamples.ParseStageExamples(Stages + """

            examples:
              - {text: "Kremlin rejects truce", stage: rejection, actor: Russia}
              - {text: "Kyiv accepts truce", stage: acceptance}
              - {text: "Truce holds", stage: other, actor: none}
              - {text: "Weekly roundup", summary: "Kyiv accepts the truce.", stage: acceptance, actor: Ukraine}
            """, "stages.yaml"));

        Assert.Empty(RuleExamples.Check(watches, stages, examples));
    }

    [Fact]
    public void Check_ExamplesThatNoLongerHold_OneErrorEachAtItsLine_SayingWhatItGot()
    {
        var (watches, stages) = Rules();
        var examples = RuleExamples.ParseWatchExamples(Watches + """

            examples:
              - {text: "Kremlin accepts truce", matches: [truce-rejected]}
              - {text: "Company truce ends feud", matches: none}
              - {text: "Weather today", matches: any}
              - {text: "Truce holds", matches: [truce-renamed]}
            """, "config/watches.yaml").Concat(RuleExamples.ParseStageExamples(Stages + """

            examples:
              - {text: "Kremlin accepts truce", stage: rejection}
              - {text: "Kremlin rejects truce", stage: rejection, actor: Ukraine}
              - {text: "Kremlin rejects truce", stage: rejection, actor: none}
              - {text: "Weather today", stage: other}
              - {text: "Kremlin rejects truce", stage: rejection, actor: Moscow}
            """, "config/stages.yaml"));

        Assert.Equal(
            [
                "config/watches.yaml:7: example \"Kremlin accepts truce\" should match truce-rejected; got: truce-news (other)",
                "config/watches.yaml:8: example \"Company truce ends feud\" should match no watch; got: truce-news (other)",
                "config/watches.yaml:9: example \"Weather today\" should match any; got: no match",
                "config/watches.yaml:10: example \"Truce holds\" expects 'truce-renamed', which is neither a watch id of this file nor a category (proposal, acceptance, rejection, violation, talks, agreement, exchange, humanitarian, other)",
                "config/stages.yaml:8: example \"Kremlin accepts truce\" should be rejection; got: acceptance (rule accepted)",
                "config/stages.yaml:9: example \"Kremlin rejects truce\" should be rejection — Ukraine; got: rejection — Russia (rule rejected)",
                "config/stages.yaml:10: example \"Kremlin rejects truce\" should be rejection; got: rejection — Russia (rule rejected)",
                "config/stages.yaml:11: example \"Weather today\" should be other; got: no watch matched, so no stage",
                "config/stages.yaml:12: example \"Kremlin rejects truce\" expects actor 'Moscow', which is not one of the actors (Russia, Ukraine)",
            ],
            RuleExamples.Check(watches, stages, examples).Select(e => e.ToString()));
    }

    /// <summary>The shipped files' examples (the guideline's shapes) hold with the shipped rules.</summary>
    [Fact]
    public void Check_ShippedExamples_AllHold()
    {
        var watchesYaml = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml"));
        var stagesYaml = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml"));
        var watches = WatchesFile.Parse(watchesYaml, "config/watches.yaml");
        var stages = StagesFile.Parse(stagesYaml, "config/stages.yaml", WatchesFile.ParseLists(watchesYaml, "config/watches.yaml"));
        var examples = RuleExamples.ParseWatchExamples(watchesYaml, "config/watches.yaml")
            .Concat(RuleExamples.ParseStageExamples(stagesYaml, "config/stages.yaml"))
            .ToList();

        Assert.Empty(RuleExamples.Check(watches, stages, examples).Select(e => e.ToString()));
        Assert.Contains(examples, e => e.Matches is { Count: 0 });
        Assert.Equal(StageNames.Precedence.Order(), examples.Select(e => e.Stage).OfType<string>().Distinct().Order());
    }

    private static (WatchSet Watches, StageSet Stages) Rules() =>
        (WatchesFile.Parse(Watches, "watches.yaml"), StagesFile.Parse(Stages, "stages.yaml", WatchesFile.ParseLists(Watches, "watches.yaml")));
}
