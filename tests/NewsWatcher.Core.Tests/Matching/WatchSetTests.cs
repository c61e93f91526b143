using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Matching;

public sealed class WatchSetTests
{
    [Theory]
    [InlineData("Ceasefire holds in Gaza")]
    [InlineData("Cease-fire holds in Gaza")]
    [InlineData("Cease fire holds in Gaza")]
    [InlineData("CEASE‑FIRE holds")] // non-breaking hyphen
    public void Match_HyphenatedTermAnySpelling_Matches(string title)
    {
        Assert.Single(Set("cease-fire").Match(Article(title)));
    }

    [Fact]
    public void Match_JoinedTerm_MatchesHyphenatedAndSpacedText()
    {
        var set = Set("ceasefire");

        Assert.Single(set.Match(Article("A cease-fire in Lebanon")));
        Assert.Single(set.Match(Article("A cease fire in Lebanon")));
        Assert.Empty(set.Match(Article("Cease. Firefighters arrive")));
    }

    [Theory]
    [InlineData("cease fire")]
    [InlineData("\"cease fire\"")]
    [InlineData("cease-fire")]
    [InlineData("ceasefire")]
    public void Match_SpacedPhraseTerm_MatchesEverySpelling(string term)
    {
        var set = Set(new TermQuery(term.Trim('"')));

        Assert.Single(set.Match(Article("Ceasefire holds")));
        Assert.Single(set.Match(Article("Cease-fire holds")));
        Assert.Single(set.Match(Article("Cease fire holds")));
    }

    [Theory]
    [InlineData("The untruce was odd")]
    [InlineData("Truces are hard")]
    [InlineData("Trucemaker arrives")]
    public void Match_WordInsideLongerWord_DoesNotMatch(string title)
    {
        Assert.Empty(Set("truce").Match(Article(title)));
    }

    [Fact]
    public void Match_PrefixTerm_CoversPlural()
    {
        var set = Set("ceasefire*");

        Assert.Single(set.Match(Article("Two ceasefires collapse")));
        Assert.Empty(Set("ceasefire").Match(Article("Two ceasefires collapse")));
    }

    [Fact]
    public void Match_Phrase_RequiresConsecutiveWordsInOrder()
    {
        var set = Set("peace talks");

        Assert.Single(set.Match(Article("Sudan Peace Talks resume")));
        Assert.Empty(set.Match(Article("Talks on peace resume")));
        Assert.Empty(set.Match(Article("peace and talks")));
    }

    [Theory]
    [InlineData("Путин предложил перемирие", "перемир*")]
    [InlineData("Росія порушила перемир’я", "перемир*")]
    [InlineData("Росія порушила перемир'я", "перемир'я")]
    [InlineData("Стороны договорились о прекращении огня", "прекращени* огня")]
    [InlineData("ПЕРЕМИРИЕ объявлено", "перемирие")]
    [InlineData("Обмін полоненими відбувся", "обмін полоненими")]
    public void Match_Cyrillic_Matches(string title, string term)
    {
        Assert.Single(Set(term).Match(Article(title)));
    }

    [Fact]
    public void Match_SameNonAsciiWordsAgain_FoldedFromTheCacheTheSame()
    {
        var set = Set("перемир'я");
        var article = Article("Київ: ПЕРЕМИР’Я на 30 днів, перемир'я порушено");

        var first = set.Match(article).Single().Terms.Select(t => (t.Start, t.Length)).ToList();
        var again = set.Match(article).Single().Terms.Select(t => (t.Start, t.Length)).ToList();

        Assert.Equal([(6, 9), (28, 9)], first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Match_Diacritics_AreIgnored()
    {
        Assert.Single(Set("Zelenskyy").Match(Article("Zelénskyy speaks")));
        Assert.Single(Set("cafe").Match(Article("Café talks")));
    }

    [Fact]
    public void Match_TypographicApostrophe_EqualsStraightOne()
    {
        Assert.Single(Set("Trump's plan").Match(Article("Trump’s plan for Gaza")));
        Assert.Single(Set("Trump").Match(Article("Trump’s plan for Gaza")));
    }

    [Fact]
    public void Match_Span_PointsAtOriginalText()
    {
        var article = Article("Leaders hold CEASE-FIRE talks", "Ukraine says the cease fire was violated.");
        var match = Assert.Single(Set("cease-fire").Match(article));

        Assert.Collection(
            match.Terms,
            t =>
            {
                Assert.Equal(("title", "CEASE-FIRE"), (t.Field, article.Title.Substring(t.Start, t.Length)));
                Assert.Equal("cease-fire", t.Term);
            },
            t => Assert.Equal(("summary", "cease fire"), (t.Field, article.Summary.Substring(t.Start, t.Length))));
    }

    [Fact]
    public void Match_NoneTermPresent_DropsTheMatch()
    {
        var query = new AndQuery([new OrQuery([new TermQuery("truce")]), new NotQuery(new OrQuery([new TermQuery("tariff*")]))]);
        var set = new WatchSet([new Watch("w", "W", "other", WatchPriority.Normal, query)]);

        Assert.Empty(set.Match(Article("US and China extend tariff truce")));
        var match = Assert.Single(set.Match(Article("Truce holds in Gaza")));
        Assert.Equal("truce", Assert.Single(match.Terms).Term);
    }

    [Fact]
    public void Match_AndQuery_NeedsEveryOperand_AndReportsAllTheirSpans()
    {
        var query = new AndQuery([new TermQuery("accept*"), new OrQuery([new TermQuery("truce"), new TermQuery("Kremlin")])]);
        var set = new WatchSet([new Watch("w", "W", "acceptance", WatchPriority.Urgent, query)]);

        Assert.Empty(set.Match(Article("Nobody accepts anything")));
        var match = Assert.Single(set.Match(Article("Kremlin accepts truce")));
        Assert.Equal(["Kremlin", "accept*", "truce"], match.Terms.Select(t => t.Term));
        Assert.Equal(WatchPriority.Urgent, match.Priority);
    }

    [Fact]
    public void Match_FieldScopedTerm_IgnoresOtherField()
    {
        var set = Set(new TermQuery("truce", TermQuery.TitleField));

        Assert.Empty(set.Match(Article("Markets rally", "Hopes of a truce")));
        Assert.Single(set.Match(Article("Truce hopes", "Markets rally")));
    }

    [Fact]
    public void Match_SeveralWatches_ReturnsOneMatchPerMatchingWatch()
    {
        var set = new WatchSet(
        [
            new Watch("a", "A", "other", WatchPriority.Normal, new TermQuery("truce")),
            new Watch("b", "B", "talks", WatchPriority.Normal, new TermQuery("talks")),
            new Watch("c", "C", "other", WatchPriority.Normal, new TermQuery("hostage")),
        ]);

        var matches = set.Match(Article("Truce talks resume", string.Empty));

        Assert.Equal(["a", "b"], matches.Select(m => m.WatchId));
    }

    [Fact]
    public void Match_TermRepeatedHundredsOfThousandsOfTimes_KeepsTheFirstFewSpansPerTermAndField()
    {
        var repeated = string.Concat(Enumerable.Repeat("truce Russia ", 242_000));
        var article = Article("Kremlin rejects US-proposed 30-day cease-fire " + repeated, repeated);
        var set = Set(new OrQuery([new TermQuery("truce"), new TermQuery("Russia"), new TermQuery("cease-fire")]));

        var match = Assert.Single(set.Match(article));

        Assert.All(match.Terms.GroupBy(t => (t.Term, t.Field)), g => Assert.InRange(g.Count(), 1, WatchSet.MaxSpansPerTerm));
        Assert.Equal(
            ["title:cease-fire", "title:truce", "title:Russia", "title:truce", "title:Russia", "title:truce", "title:Russia", "summary:truce", "summary:Russia", "summary:truce", "summary:Russia", "summary:truce", "summary:Russia"],
            match.Terms.Select(t => $"{t.Field}:{t.Term}"));
        Assert.Equal(46, match.Terms[1].Start); // the first occurrences, not arbitrary ones
    }

    [Fact]
    public void Match_ManyDistinctTermsMatch_SpansCappedPerMatchTitleFirst()
    {
        var words = Enumerable.Range(0, 40).Select(i => $"w{i}").ToList();
        var set = Set(new OrQuery([.. words.Select(w => (Query)new TermQuery(w))]));

        var match = Assert.Single(set.Match(Article(string.Join(' ', words), string.Join(' ', words))));

        Assert.Equal(WatchSet.MaxSpansPerMatch, match.Terms.Count);
        Assert.All(match.Terms, t => Assert.Equal("title", t.Field));
    }

    [Fact]
    public void Match_NearOnARepetitiveText_StillMatchesWithBoundedSpans()
    {
        var article = Article("Kremlin rejects US-proposed 30-day cease-fire " + string.Concat(Enumerable.Repeat("truce Russia ", 20_000)));
        var set = Set(new NearQuery(new TermQuery("truce"), new TermQuery("Russia"), 1, Ordered: false));

        var match = Assert.Single(set.Match(article));

        Assert.InRange(match.Terms.Count, 2, 2 * WatchSet.MaxSpansPerTerm);
    }

    [Theory]
    [InlineData("Kremlin truce Gaza", true)]
    [InlineData("Gaza truce Kremlin", true)]
    [InlineData("Gaza Kremlin truce", true)]
    [InlineData("Kremlin truce", false)]
    [InlineData("truce Gaza", false)]
    [InlineData("Kremlin Gaza", false)]
    public void Match_ConjunctionOfThreeTerms_MatchesOnlyWhenAllOccurInAnyOrder(string title, bool matches)
    {
        // Indexed under one term, the other two checked from the posting: whichever comes first in the text.
        var set = Set(QueryParser.Parse("Kremlin truce Gaza"));

        Assert.Equal(matches, set.Match(Article(title)).Count == 1);
    }

    [Theory]
    [InlineData("Hamas accepts the truce in Gaza", true)]
    [InlineData("Hamas welcomes the truce in Rafah", true)]
    [InlineData("Hamas accepts the truce", false)]
    [InlineData("truce in Gaza", false)]
    public void Match_ConjunctionWithAlternatives_NeedsOneAlternativeOfEachGroup(string title, bool matches)
    {
        var set = Set(QueryParser.Parse("Hamas (accept* OR welcom*) (Gaza OR Rafah) truce"));

        Assert.Equal(matches, set.Match(Article(title)).Count == 1);
    }

    [Theory]
    [InlineData("Russia agrees truce", "", true)]
    [InlineData("Ukraine truce talks open in Gaza", "", false)]
    [InlineData("Truce rumour: Russia", "", false)]
    [InlineData("Truce for Hamas and Russia", "", false)]
    [InlineData("Russia says no", "", false)]
    [InlineData("Russia truce denied", "", true)]
    [InlineData("Russia truce", "The Kremlin denied it", false)]
    public void Match_TermsThatMustNotOccur_FromNotAndExclusion_DropTheMatch(string title, string summary, bool matches)
    {
        var set = new WatchSet(
        [
            new Watch(
                "w",
                "W",
                "other",
                WatchPriority.Normal,
                QueryParser.Parse("truce (Russia OR Ukraine) NOT (Gaza OR Hamas)"),
                Exclude: QueryParser.Parse("rumour OR summary:denied")),
        ]);

        var found = set.Match(Article(title, summary));

        Assert.Equal(matches, found.Count == 1);
        Assert.Equal(matches, found.Count == 1 && found[0].Terms.Any(t => t.Term == "truce"));
    }

    [Fact]
    public void Match_HundredsOfWatchesMatch_ReturnsEachOnceInWatchOrder()
    {
        // Listed in reverse, every watch under two occurring terms of its OR group, some needing an absent term: more
        // candidates than the comparison sort takes, so they go through the radix sort.
        var watches = Enumerable.Range(0, 700)
            .Select(i => new Watch($"w{i}", "W", "other", WatchPriority.Normal, QueryParser.Parse(i % 3 == 0 ? "(truce OR ceasefire) (Russia OR Moscow OR Kremlin) Kyiv" : "(truce OR ceasefire) (Russia OR Moscow OR Kremlin)")))
            .Reverse()
            .ToList();
        var set = new WatchSet(watches);

        var found = set.Match(Article("Russia offers a truce, then a ceasefire"));

        Assert.Equal(Enumerable.Range(0, 700).Reverse().Where(i => i % 3 != 0).Select(i => $"w{i}"), found.Select(m => m.WatchId));
    }

    [Fact]
    public void Match_LazyMatch_EqualsTheSameMatchBuiltByHand()
    {
        var set = new WatchSet([new Watch("w", "Truce watch", "agreement", WatchPriority.Urgent, QueryParser.Parse("truce"))]);

        var match = set.Match(Article("A truce"))[0];

        Assert.Equal(new WatchMatch("w", "Truce watch", "agreement", WatchPriority.Urgent, [new MatchedTerm("truce", "title", 2, 5)]), match);
        Assert.Equal(WatchPriority.Urgent, match.Priority);
    }

    [Fact]
    public void Match_TermsReadAfterLaterArticlesWereMatched_ExplainTheirOwnArticle()
    {
        var set = new WatchSet(
        [
            new Watch("both", "Both", "other", WatchPriority.Normal, QueryParser.Parse("truce Russia")),
            new Watch("near", "Near", "other", WatchPriority.Normal, QueryParser.Parse("Kremlin NEAR/3 truce")),
            new Watch("not", "Not", "other", WatchPriority.Normal, QueryParser.Parse("truce NOT Gaza")),
        ]);

        var first = set.Match(Article("Kremlin says truce with Russia holds"));
        var second = set.Match(Article("A truce for Russia, says the Kremlin spokesman today, and no truce"));

        Assert.Equal(["both", "not"], second.Select(m => m.WatchId));
        Assert.Equal(["truce@2", "Russia@12", "truce@61"], second[0].Terms.Select(t => $"{t.Term}@{t.Start}"));
        Assert.Equal(["both", "near", "not"], first.Select(m => m.WatchId));
        Assert.Equal(["Kremlin@0", "truce@13"], first[1].Terms.Select(t => $"{t.Term}@{t.Start}"));
        Assert.Equal(["truce@13", "Russia@24"], first[0].Terms.Select(t => $"{t.Term}@{t.Start}"));
        Assert.Equal(["truce@13"], first[2].Terms.Select(t => $"{t.Term}@{t.Start}"));
    }

    [Fact]
    public async Task Match_TermsReadOnAnotherThread_SameAsOnTheMatchingThread()
    {
        var set = Set(QueryParser.Parse("truce Russia"));
        var article = Article("Russia and Ukraine agree a truce");
        var expected = set.Match(article)[0].Terms.Select(t => $"{t.Term}@{t.Start}").ToList();

        var match = set.Match(article)[0];
        var elsewhere = await Task.Run(() => match.Terms.Select(t => $"{t.Term}@{t.Start}").ToList(), TestContext.Current.CancellationToken);

        Assert.Equal(["Russia@0", "truce@27"], expected);
        Assert.Equal(expected, elsewhere);
    }

    [Fact]
    public void Constructor_BadTerm_Throws()
    {
        Assert.Throws<ArgumentException>(() => Set("*"));
        Assert.Throws<ArgumentException>(() => Set("p*"));
    }

    private static WatchSet Set(string term) => Set(new TermQuery(term));

    private static WatchSet Set(Query query) => new([new Watch("w", "W", "other", WatchPriority.Normal, query)]);

    private static Article Article(string title, string summary = "") =>
        new("id", "feed", title, summary, null, DateTimeOffset.UnixEpoch);
}
