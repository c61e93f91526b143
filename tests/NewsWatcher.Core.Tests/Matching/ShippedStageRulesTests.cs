using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>
/// The labelling guideline's rules, one theory each, in English, Russian and Ukrainian, against the shipped
/// config/stages.yaml (with the lists of config/watches.yaml). Headlines are written for the rule, not taken from the corpus.
/// </summary>
public sealed class ShippedStageRulesTests
{

    [Theory]
    [InlineData("Hamas agrees to Gaza ceasefire proposal, official says", "acceptance", "Hamas")]
    [InlineData("Kremlin accepts US ceasefire plan in principle", "acceptance", "Russia")]
    [InlineData("Israel and Hamas agree to Gaza ceasefire", "agreement", null)]
    [InlineData("Pakistan, Afghanistan agree to immediate ceasefire after talks", "agreement", null)]
    [InlineData("Cambodia and Thailand reach ceasefire deal", "agreement", null)]
    [InlineData("Россия согласилась на перемирие", "acceptance", "Russia")]
    [InlineData("Россия и Украина договорились о перемирии", "agreement", null)]
    [InlineData("Україна погодилася на перемир'я", "acceptance", "Ukraine")]
    [InlineData("Росія та Україна домовилися про перемир'я", "agreement", null)]
    public void Classify_OnePartyVersusBothAgreeing_AcceptanceOrAgreement(string title, string stage, string? actor) => AssertStage(title, stage, actor);

    [Theory]
    [InlineData("Qatar and Egypt urge Hamas to accept Gaza ceasefire proposal", "proposal")]
    [InlineData("Pope urges an immediate ceasefire in Sudan", "proposal")]
    [InlineData("Europeans press Putin to agree to a 30-day truce", "proposal")]
    [InlineData("UN calls for peace talks between Sudan's warring sides", "talks")]
    [InlineData("ООН призвала Россию принять перемирие", "proposal")]
    [InlineData("ЄС закликав Росію погодитися на перемир'я", "proposal")]
    public void Classify_ThirdPartyUrging_IsAProposalNotAnAcceptance(string title, string stage) => AssertStage(title, stage);

    [Theory]
    [InlineData("Gaza ceasefire deal possible but not close, officials say", "talks")]
    [InlineData("No deal yet as Gaza ceasefire talks drag on", "talks")]
    [InlineData("Stocks rise on hopes for an Iran ceasefire", "talks")]
    [InlineData("Hamas did not accept the ceasefire plan, mediators say", "rejection")]
    [InlineData("Israel could agree to a truce within days, official says", "talks")]
    [InlineData("Trump says Israel could resume fighting if Hamas breaks the ceasefire", "other")]
    [InlineData("Россия не приняла предложение о перемирии", "rejection")]
    [InlineData("Соглашение о перемирии возможно, но переговоры продолжаются", "talks")]
    [InlineData("Угода про перемир'я можлива, тривають перемовини", "talks")]
    public void Classify_HedgedOrNegated_IsNotTheDevelopmentMentioned(string title, string stage) => AssertStage(title, stage);

    [Theory]
    [InlineData("Israel strikes Beirut despite ceasefire", "violation", "Israel")]
    [InlineData("Russian drones hit Kyiv despite Easter truce", "violation", "Russia")]
    [InlineData("Deadliest strikes on Gaza since the ceasefire began", "violation", null)]
    [InlineData("Ukraine accuses Russia of violating the energy truce", "violation", "Russia")]
    [InlineData("Россия нанесла удары по Киеву несмотря на перемирие", "violation", "Russia")]
    [InlineData("Росія атакувала Київ попри перемир'я", "violation", "Russia")]
    public void Classify_StrikesDespiteOrSinceTheTruce_IsAViolation(string title, string stage, string? actor) => AssertStage(title, stage, actor);

    [Theory]
    [InlineData("Trump gives Putin a 10-day deadline to agree to a ceasefire", "proposal")]
    [InlineData("Gaza ceasefire set to expire on Sunday", "other")]
    [InlineData("Iran ceasefire nears its end as oil climbs", "other")]
    [InlineData("Трамп дал Путину срок до пятницы, чтобы согласиться на перемирие", "proposal")]
    [InlineData("Перемирие истекает в воскресенье", "other")]
    [InlineData("Перемир'я спливає в неділю", "other")]
    public void Classify_DeadlinesAndExpiry_ProposalOrOther(string title, string stage) => AssertStage(title, stage);

    [Theory]
    [InlineData("Hezbollah rejects Lebanon ceasefire proposal as rockets fall on the north", "rejection")]
    [InlineData("Israel accuses Hamas of violating truce as hostage bodies are returned", "violation")]
    [InlineData("Ukraine accepts ceasefire proposal, Russia rejects it", "rejection")]
    [InlineData("Hamas accepts truce deal that frees all hostages", "acceptance")]
    [InlineData("Хамас принял предложение о перемирии и обмене пленными", "acceptance")]
    [InlineData("Росія порушила перемир'я під час обміну полоненими", "violation")]
    public void Classify_TwoDevelopments_PrecedenceDecides(string title, string stage) => AssertStage(title, stage);

    [Fact]
    public void Classify_TwoDevelopments_ReportsTheRunnerUp()
    {
        var decision = ShippedStages.Classify("Ukraine accepts ceasefire proposal, Russia rejects it");

        Assert.Equal(("rejection", "Russia"), (decision.Stage, decision.Actor));
        Assert.Equal(["acceptance"], decision.RunnersUp.Select(r => r.Stage).Where(s => s == "acceptance"));
        Assert.Contains(decision.Rule!.Terms, t => t.Term == "reject*");
    }

    [Fact]
    public void Classify_HeadlineFiresNoCue_ReadsTheSummary()
    {
        var article = new Article("a", "f", "Ceasefire in the south", "Rebels accused the army of violating the truce overnight.", null, DateTimeOffset.UnixEpoch);

        var decision = ShippedStages.Stages.Classify(article, ShippedStages.Watches.Match(article));

        Assert.Equal("violation", decision.Stage);
    }

    [Fact]
    public void Classify_HeadlineFiresACue_SummaryDoesNotOverrideIt()
    {
        var article = new Article("a", "f", "Hamas accepts Gaza ceasefire proposal", "Israeli strikes continued despite the truce.", null, DateTimeOffset.UnixEpoch);

        var decision = ShippedStages.Stages.Classify(article, ShippedStages.Watches.Match(article));

        Assert.Equal(("acceptance", "Hamas"), (decision.Stage, decision.Actor));
    }

    private static void AssertStage(string title, string stage, string? actor = null)
    {
        var decision = ShippedStages.Classify(title);
        Assert.True(decision.Stage == stage, $"'{title}': expected {stage}, got {decision} (rule {decision.Rule?.RuleId}; runners-up {string.Join(", ", decision.RunnersUp.Select(r => r.Stage))})");
        if (actor is not null)
        {
            Assert.Equal(actor, decision.Actor);
        }
    }
}
