using NewsWatcher.Core.Stories;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Stories;

/// <summary>Real headline pairs from the labelled news corpus: which read as one story, and which do not.</summary>
public sealed class StoryFingerprintTests
{
    [Theory]
    // Same event, different outlets and wording.
    [InlineData("gn-da0be8e308", "gn-e93b133f85")] // CNN / ABC: Thailand and Cambodia agree to (immediate and) unconditional ceasefire
    [InlineData("gn-56170c8829", "gn-308292127b")] // WSJ / CBS: fighting persists / rages on Thai-Cambodian border after Trump's claim
    [InlineData("gn-55de2b2c98", "gn-34ffd5c9b9")] // Reuters / Al Jazeera: Pakistan and Afghanistan agree to immediate ceasefire in Doha
    [InlineData("gn-c18ab91bd8", "gn-55de2b2c98")] // AP / Reuters: the same Doha ceasefire, "have agreed" vs "agree"
    [InlineData("gn-8eb50c0787", "gn-b9f9a2c9d7")] // Reuters / BBC: Israel strikes Beirut for the first time since the ceasefire
    public void Similarity_SameStoryFromTwoOutlets_AtOrAboveThreshold(string a, string b)
    {
        var (first, second) = (Fingerprint(a), Fingerprint(b));

        Assert.True(first.Similarity(second) >= StoryFingerprint.Threshold, $"{first.Similarity(second):0.00}");
        Assert.NotEmpty(first.BandKeys().Intersect(second.BandKeys()));
    }

    [Theory]
    // Different developments in the same conflict, days apart: separate entries.
    [InlineData("gn-ef01c5d667", "gn-086f982839")] // Reuters: second violation / ASEAN observers to ensure ceasefire holds
    [InlineData("gn-70d6865f6d", "gn-086f982839")] // Reuters: trade accusations but truce holds / ASEAN observers
    [InlineData("gn-da0be8e308", "gn-ef01c5d667")] // agreement / violation
    // Same event, but an explainer with little wording in common: not merged (a known miss).
    [InlineData("gn-da0be8e308", "gn-b6919ca2d5")] // CNN agreement / NPR "What's behind the conflict?"
    public void Similarity_DifferentStoriesOrLooseWording_BelowThreshold(string a, string b)
    {
        var similarity = Fingerprint(a).Similarity(Fingerprint(b));

        Assert.True(similarity < StoryFingerprint.Threshold, $"{similarity:0.00}");
    }

    [Fact]
    public void Of_SpellingsOfCeaseFireAndOutletSuffix_Normalised()
    {
        var a = StoryFingerprint.Of("Cease-fire in Gaza takes effect - Reuters", "");
        var b = StoryFingerprint.Of("Gaza truce takes effect | AP News", "");

        Assert.Equal(1.0, a.Similarity(b));
    }

    [Fact]
    public void Of_ShortHeadline_UsesTheSummaryLead()
    {
        var fingerprint = StoryFingerprint.Of("Sudan talks", "Army and RSF delegates meet in Jeddah for truce negotiations");

        Assert.True(fingerprint.IsUsable);
        Assert.Contains("jedda", fingerprint.Words);
    }

    private static StoryFingerprint Fingerprint(string id)
    {
        var headline = CorpusHeadlines.Get(id);
        return StoryFingerprint.Of(headline.Title, headline.Description);
    }
}
