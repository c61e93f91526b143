using NewsWatcher.Core.Dedup;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Dedup;

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
    [InlineData("gn-c18ab91bd8", "gn-34ffd5c9b9")] // AP "…, Qatar says" / Al Jazeera "… in Doha": who is quoted is not a specific
    [InlineData("gn-27c16dd4f1", "gn-2b61fedce0")] // Bloomberg "Three-Day" / AP "3-day": the same number
    [InlineData("gn-524e66e269", "gn-db44c43260")] // AP "about 200 troops" / PBS "troops": a figure only one gives
    public void Similarity_SameStoryFromTwoOutlets_AtOrAboveThreshold(string a, string b)
    {
        var (first, second) = (Fingerprint(a), Fingerprint(b));

        Assert.True(first.Similarity(second) >= StoryFingerprint.Threshold, $"{first.Similarity(second):0.00}");
        Assert.False(first.Contradicts(second), $"{string.Join(' ', first.Names)} / {string.Join(' ', second.Names)}");
        Assert.True(first.IsSameStory(second));
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

    [Theory]
    // The incident of the issue: one kind of event, two places (similarity 0.64 without the names).
    [InlineData("Russia accuses Kyiv of violating Easter truce near Sumy, governor says", "Russia accuses Kyiv of violating Easter truce near Orikhiv")]
    [InlineData("Russian drones violating truce near Sumy killed two civilians", "Russian drones violating truce near Orikhiv killed four civilians")]
    [InlineData("Truce violated as 3 soldiers killed in Kharkiv region", "Truce violated as 7 soldiers killed in Kharkiv region")]
    public void IsSameStory_SameWordsDifferentPlaceOrNumber_KeptApart(string a, string b)
    {
        var (first, second) = (StoryFingerprint.Of(a, ""), StoryFingerprint.Of(b, ""));

        Assert.True(first.Similarity(second) >= StoryFingerprint.Threshold, $"{first.Similarity(second):0.00}: the words alone would merge them");
        Assert.True(first.Contradicts(second));
        Assert.False(first.IsSameStory(second));
    }

    [Fact]
    public void IsSameStory_OneHeadlineAddsAPlace_StillOneStory()
    {
        var a = StoryFingerprint.Of("Thailand and Cambodia agree to an unconditional ceasefire", "");
        var b = StoryFingerprint.Of("Thailand and Cambodia agree to an unconditional ceasefire in Kuala Lumpur", "");

        Assert.True(a.IsSameStory(b));
    }

    [Fact]
    public void Of_NamesAreNumbersAndMidSentenceCapitals_NotSentenceStartsOrQuoteSources()
    {
        var fingerprint = StoryFingerprint.Of("Live updates: Truce near Sumy broken, 1,200 shells fired, Zelensky says - Reuters", "");

        Assert.Equal(["sumy", "1200"], fingerprint.Names.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Of_TitleCaseHeadline_OnlyNumbersAreNames()
    {
        var fingerprint = StoryFingerprint.Of("Trump Announces Three-Day Ceasefire Between Russia, Ukraine", "");

        Assert.Equal(["3"], fingerprint.Names);
    }

    [Fact]
    public void Of_EnormousHeadline_WordsAndNamesBounded()
    {
        static string Letters(int i) => string.Concat((char)('a' + (i % 26)), (char)('a' + (i / 26 % 26)), (char)('a' + (i / 676 % 26)));
        var title = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"Z{Letters(i)} w{Letters(i)}"));

        var fingerprint = StoryFingerprint.Of("Truce " + title, "");

        Assert.Equal(StoryFingerprint.MaxWords, fingerprint.Words.Count);
        Assert.Equal(StoryFingerprint.MaxNames, fingerprint.Names.Count);
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
