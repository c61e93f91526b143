using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>Which thread an article joins and whether it is a new development: the four-headline truce and its edge cases.</summary>
public sealed class ThreadChooserTests
{
    private static readonly DateTimeOffset Day = new(2025, 3, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);
    private static readonly ThreadConflict RussiaUkraine = new("named:russia-ukraine", "Russia–Ukraine");

    [Fact]
    public void Decide_ProposalAcceptanceSecondReportViolation_ThreeDevelopmentsTheSecondReportASource()
    {
        var (t1, d1) = Step(null, "wire", "US proposes 30-day ceasefire between Russia and Ukraine", "proposal", "United States", Day);
        var (t2, d2) = Step(t1, "wire", "Kremlin accepts US truce plan in principle", "acceptance", "Russia", Day.AddDays(2));
        var (t3, d3) = Step(t2, "desk", "Russia agrees to 30-day ceasefire, Kremlin says", "acceptance", "Russia", Day.AddDays(2).AddHours(1));
        var (t4, d4) = Step(t3, "wire", "Russia violates ceasefire hours after accepting it, Ukraine says", "violation", "Russia", Day.AddDays(3));

        Assert.Equal([true, true, false, true], new[] { d1, d2, d3, d4 }.Select(d => d.IsNewDevelopment));
        Assert.Equal("Russia–Ukraine", t4.Name);
        Assert.Equal([t1.Id], new[] { t2.Id, t3.Id, t4.Id }.Distinct());
        Assert.Equal(["Proposed — United States", "Accepted — Russia", "Violated — Russia"], t4.Developments.Select(d => d.Label));
        Assert.Equal(2, t4.Developments[1].SourceCount);
        Assert.Equal("Kremlin accepts US truce plan in principle", t4.Developments[1].Title);
        var earlier = d4.Stamp!.Earlier;
        Assert.Equal(["US proposes 30-day ceasefire between Russia and Ukraine", "Kremlin accepts US truce plan in principle"], earlier.Select(e => e.Title));
        Assert.Equal("Proposed — United States, 11 Mar", earlier[0].ShortLine(TimeZoneInfo.Utc));
        Assert.Equal("Kremlin accepts US truce plan in principle", d3.Stamp!.Development.Title);
        Assert.Equal(["Proposed — United States"], d3.Stamp.Earlier.Select(e => e.Label));
    }

    [Fact]
    public void Decide_Other_NeverANewDevelopmentOnlyASourceOfTheNewest()
    {
        var (t1, _) = Step(null, "wire", "US proposes ceasefire between Russia and Ukraine", "proposal", "United States", Day);
        var (t2, other) = Step(t1, "desk", "What to know about the ceasefire plan", "other", null, Day.AddHours(2));

        Assert.False(other.IsNewDevelopment);
        Assert.Equal(2, Assert.Single(t2.Developments).SourceCount);
        Assert.Equal(t1.LastDevelopmentAt, t2.LastDevelopmentAt);
        Assert.Same(ThreadDecision.None, ThreadChooser.Decide(null, RussiaUkraine, Facts("other", null), Article("a", "x", "Ceasefire explained", Day), Window));
    }

    [Fact]
    public void Decide_NoActorNamed_ReportsTheStagesKnownDevelopment_ButANewActorIsNew()
    {
        var (t1, _) = Step(null, "wire", "Hamas accepts Gaza ceasefire proposal", "acceptance", "Hamas", Day);
        var (t2, unnamed) = Step(t1, "desk", "Ceasefire proposal accepted, mediators say", "acceptance", null, Day.AddHours(1));
        var (_, israel) = Step(t2, "desk", "Israel accepts Gaza ceasefire proposal", "acceptance", "Israel", Day.AddHours(2));

        Assert.False(unnamed.IsNewDevelopment);
        Assert.True(israel.IsNewDevelopment);
    }

    [Fact]
    public void Decide_AfterTheWindow_StartsANewThreadOfTheSameConflict()
    {
        var (t1, _) = Step(null, "wire", "US proposes ceasefire between Russia and Ukraine", "proposal", "United States", Day);
        var (t2, late) = Step(t1, "wire", "US proposes new Easter truce between Russia and Ukraine", "proposal", "United States", Day.AddDays(31));

        Assert.True(late.IsNewDevelopment);
        Assert.NotEqual(t1.Id, t2.Id);
        Assert.Empty(late.Stamp!.Earlier);
        Assert.True(t2.Version > t1.Version);
    }

    [Fact]
    public void Decide_AFurtherSourceDoesNotKeepTheThreadOpen()
    {
        var (t1, _) = Step(null, "wire", "US proposes ceasefire between Russia and Ukraine", "proposal", "United States", Day);
        var (t2, _) = Step(t1, "desk", "US proposal for a ceasefire between Russia and Ukraine", "proposal", "United States", Day.AddDays(20));
        var (t3, _) = Step(t2, "wire", "Russia rejects the US ceasefire", "rejection", "Russia", Day.AddDays(35));

        Assert.NotEqual(t1.Id, t3.Id);
    }

    [Fact]
    public void Decide_SameArticleAgain_CountsItOnce()
    {
        var (t1, _) = Step(null, "wire", "US proposes ceasefire between Russia and Ukraine", "proposal", "United States", Day);
        var again = ThreadChooser.Decide(t1, RussiaUkraine, Facts("proposal", "United States"), Article("wire", "wire-US proposes ceasefire between Russia and Ukraine", "US proposes ceasefire between Russia and Ukraine", Day), Window);

        Assert.Same(t1, again.Thread);
        Assert.False(again.IsNewDevelopment);
    }

    [Fact]
    public void Decide_UnnamedConflict_NamedAfterItsFirstDevelopment_StoryFallbackUsesTheJoinedThread()
    {
        var decision = ThreadChooser.Decide(null, new ThreadConflict("parties:Armenia+Azerbaijan", null), Facts("agreement", null), Article("w", "1", "Armenia and Azerbaijan agree ceasefire", Day), Window);

        Assert.Equal("Armenia and Azerbaijan agree ceasefire", decision.Thread!.Name);
        Assert.Equal("named:x", ThreadChooser.ByStory("named:x", "story-1").Key);
        Assert.Equal("story:story-1", ThreadChooser.ByStory(null, "story-1").Key);
    }

    private static (StoryThread Thread, ThreadDecision Decision) Step(StoryThread? current, string feed, string title, string stage, string? actor, DateTimeOffset at)
    {
        var decision = ThreadChooser.Decide(current, RussiaUkraine, Facts(stage, actor), Article(feed, feed + "-" + title, title, at), Window);
        return (decision.Thread!, decision);
    }

    private static ThreadFacts Facts(string stage, string? actor) => new(RussiaUkraine, stage, actor, Window);

    private static Article Article(string feed, string id, string title, DateTimeOffset at) => new(id, feed, title, "", $"https://{feed}.example/{Uri.EscapeDataString(id)}", at);
}
