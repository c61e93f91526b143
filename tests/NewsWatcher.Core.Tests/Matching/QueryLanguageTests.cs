using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>The query language end to end: parse a query, compile it, match headlines.</summary>
public sealed class QueryLanguageTests
{
    [Theory]
    [InlineData("truce AND Gaza", "Truce in Gaza", true)]
    [InlineData("truce AND Gaza", "Truce in Lebanon", false)]
    [InlineData("truce Gaza", "Gaza truce holds", true)]
    [InlineData("truce Gaza", "Truce holds", false)]
    [InlineData("truce OR ceasefire", "Ceasefire holds", true)]
    [InlineData("truce OR ceasefire", "Peace holds", false)]
    [InlineData("truce NOT tariff", "Truce holds", true)]
    [InlineData("truce NOT tariff", "Tariff truce extended", false)]
    [InlineData("truce -tariff", "Tariff truce extended", false)]
    [InlineData("truce -tariff", "Truce holds", true)]
    [InlineData("truce AND NOT (tariff OR trade)", "Trade truce", false)]
    [InlineData("-tariff truce", "Truce holds", true)]
    public void Match_BooleanOperators(string query, string title, bool expected)
    {
        Assert.Equal(expected, Matches(query, title));
    }

    [Theory]
    [InlineData("gaza OR truce talks", "Truce holds", false)] // gaza OR (truce AND talks)
    [InlineData("gaza OR truce talks", "Gaza", true)]
    [InlineData("gaza OR truce talks", "Truce talks", true)]
    [InlineData("gaza truce OR talks", "Talks", true)] // (gaza AND truce) OR talks
    [InlineData("NOT gaza truce", "Truce holds", true)] // (NOT gaza) AND truce
    [InlineData("NOT gaza truce", "Gaza truce holds", false)]
    [InlineData("(gaza OR kyiv) truce", "Kyiv truce", true)]
    [InlineData("(gaza OR kyiv) truce", "Kyiv", false)]
    [InlineData("truce NEAR/1 kyiv gaza", "Gaza: Kyiv truce", true)] // (truce NEAR/1 kyiv) AND gaza
    public void Match_Precedence_NotThenNearThenAndThenOr(string query, string title, bool expected)
    {
        Assert.Equal(expected, Matches(query, title));
    }

    [Theory]
    [InlineData("\"peace talks\"", "Sudan peace talks resume", true)]
    [InlineData("\"peace talks\"", "Talks on peace resume", false)]
    [InlineData("“peace talks”", "Peace talks resume", true)] // typographic quotes
    [InlineData("«мирные переговоры»", "Мирные переговоры возобновились", true)]
    [InlineData("\"peace talk*\"", "Peace talking points", true)]
    [InlineData("\"прекращени* огня\"", "Договорились о прекращении огня", true)]
    public void Match_Phrases(string query, string title, bool expected)
    {
        Assert.Equal(expected, Matches(query, title));
    }

    [Theory]
    [InlineData("truce*", "Truces collapse", true)]
    [InlineData("truce", "Truces collapse", false)]
    [InlineData("truce", "Untruce", false)]
    [InlineData("перемир*", "Путин предложил перемирие", true)]
    [InlineData("перемир*", "Росія порушила перемир’я", true)]
    [InlineData("negotiat*", "Renegotiation", false)]
    public void Match_PrefixAndWholeWord(string query, string title, bool expected)
    {
        Assert.Equal(expected, Matches(query, title));
    }

    [Theory]
    [InlineData("cease-fire")]
    [InlineData("ceasefire")]
    [InlineData("\"cease fire\"")]
    [InlineData("CEASE‑FIRE")] // non-breaking hyphen
    public void Match_HyphenSpaceVariants_AreEqual(string query)
    {
        Assert.True(Matches(query, "Ceasefire holds"));
        Assert.True(Matches(query, "Cease-fire holds"));
        Assert.True(Matches(query, "Cease fire holds"));
        Assert.True(Matches(query, "CEASE—FIRE? no: cease‐fire holds")); // U+2010 hyphen
    }

    [Theory]
    [InlineData("Zelenskyy", "ZELÉNSKYY speaks")]
    [InlineData("cafe", "Café talks")]
    [InlineData("Trump's plan", "Trump’s plan for Gaza")]
    [InlineData("перемирие", "ПЕРЕМИРИЕ объявлено")]
    [InlineData("перемирие", "Перемирие объявлено")]
    [InlineData("ёлка", "Елка")]
    [InlineData("Straße", "STRASSE closed")]
    [InlineData("οδός", "ΟΔΌΣ")]
    public void Match_Normalisation_BothSides(string query, string title)
    {
        Assert.True(Matches(query.Contains(' ', StringComparison.Ordinal) ? $"\"{query}\"" : query, title));
    }

    [Theory]
    [InlineData("ceasefire NEAR/2 Russia", "Russia rejects the ceasefire", true)]
    [InlineData("ceasefire NEAR/1 Russia", "Russia rejects the ceasefire", false)]
    [InlineData("ceasefire NEAR/0 talks", "Ceasefire talks resume", true)]
    [InlineData("ceasefire ONEAR/3 Russia", "Russia rejects the ceasefire", false)]
    [InlineData("Russia ONEAR/3 ceasefire", "Russia rejects the ceasefire", true)]
    [InlineData("(ceasefire OR truce) NEAR/8 (Russia OR Kremlin OR Putin)", "Kremlin says a truce is possible", true)]
    [InlineData("(ceasefire OR truce) NEAR/2 (Russia OR Kremlin OR Putin)", "Kremlin says it may, one day, discuss a truce", false)]
    [InlineData("\"peace talks\" NEAR/3 Sudan", "Sudan army joins peace talks", true)]
    [InlineData("truce NEAR/5 Gaza", "Gaza: talks", false)]
    public void Match_Proximity(string query, string title, bool expected)
    {
        Assert.Equal(expected, Matches(query, title));
    }

    [Fact]
    public void Match_Proximity_NeedsSameField()
    {
        var set = Set("truce NEAR/10 Gaza");

        Assert.Empty(set.Match(new Article("1", "f", "Truce holds", "in Gaza", null, DateTimeOffset.UnixEpoch)));
        Assert.Single(set.Match(new Article("1", "f", "Markets", "Truce holds in Gaza", null, DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void Match_Proximity_HighlightsOnlyTheNearOccurrences()
    {
        const string title = "Truce talk: Kremlin is silent while in Kyiv a truce is discussed";
        var match = Assert.Single(Set("truce NEAR/1 Kyiv").Match(Article(title)));

        Assert.Equal(["Kyiv", "truce"], match.Terms.Select(t => title.Substring(t.Start, t.Length)).Distinct());
        Assert.DoesNotContain(match.Terms, t => t.Start == 0);
    }

    [Fact]
    public void Match_FieldScopes()
    {
        var article = new Article("1", "bbc-world", "Markets rally", "Hopes of a truce", "https://www.reuters.com/world/europe/truce-talks?utm=x#top", DateTimeOffset.UnixEpoch);

        Assert.False(Matches("title:truce", article));
        Assert.True(Matches("summary:truce", article));
        Assert.True(Matches("title:(markets OR truce)", article));
        Assert.True(Matches("source:bbc-world", article));
        Assert.False(Matches("source:reuters", article));
        Assert.True(Matches("link:reuters.com", article));
        Assert.True(Matches("link:\"reuters.com/world\"", article));
        Assert.True(Matches("link:truce-talks", article));
        Assert.False(Matches("link:utm", article)); // the query string is not part of the link field
        Assert.False(Matches("markets -source:bbc-world", article));
        Assert.False(Matches("reuters", article)); // unscoped terms read title and summary only
    }

    [Fact]
    public void Match_Spans_PointAtOriginalText_InEachField()
    {
        var article = new Article("1", "f", "Leaders hold CEASE‑FIRE talks", "Ukraine says the cease fire was violated.", "https://example.org/ceasefire", DateTimeOffset.UnixEpoch);

        var match = Assert.Single(Set("cease-fire OR link:ceasefire").Match(article));

        Assert.Collection(
            match.Terms,
            t => Assert.Equal(("title", "CEASE‑FIRE", "cease-fire"), (t.Field, article.Title.Substring(t.Start, t.Length), t.Term)),
            t => Assert.Equal(("summary", "cease fire"), (t.Field, article.Summary.Substring(t.Start, t.Length))),
            t => Assert.Equal(("link", "ceasefire"), (t.Field, article.Link!.Substring(t.Start, t.Length))));
    }

    [Fact]
    public void Match_Spans_PrefixCoversTheWholeWord()
    {
        const string title = "Росія порушила перемир’я";
        var match = Assert.Single(Set("перемир*").Match(Article(title)));

        Assert.Equal("перемир’я", title.Substring(match.Terms[0].Start, match.Terms[0].Length));
    }

    [Fact]
    public void Match_NotBranch_ContributesNoSpans()
    {
        var match = Assert.Single(Set("truce NOT tariff").Match(Article("Truce holds")));

        Assert.Equal("truce", Assert.Single(match.Terms).Term);
    }

    [Fact]
    public void Match_Lists_ExpandToAlternatives()
    {
        var lists = new Dictionary<string, Query> { ["parties"] = new OrQuery([new TermQuery("Russia"), new TermQuery("Kremlin"), new TermQuery("Zelensk*")]) };
        var set = new WatchSet([new Watch("w", "W", "other", WatchPriority.Normal, QueryParser.Parse("truce NEAR/5 @parties", lists))]);

        Assert.Single(set.Match(Article("Zelenskyy backs truce")));
        Assert.Empty(set.Match(Article("Hamas backs truce")));
    }

    [Fact]
    public void Match_ExcludeAndFeedFilter()
    {
        var watch = new Watch("w", "W", "other", WatchPriority.Normal, QueryParser.Parse("truce"), Exclude: QueryParser.Parse("tariff OR trade"), Feeds: ["kyiv"]);
        var set = new WatchSet([watch]);

        Assert.Single(set.Match(new Article("1", "kyiv", "Truce holds", "", null, DateTimeOffset.UnixEpoch)));
        Assert.Empty(set.Match(new Article("1", "kyiv", "Trade truce holds", "", null, DateTimeOffset.UnixEpoch)));
        Assert.Empty(set.Match(new Article("1", "bbc", "Truce holds", "", null, DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void Match_ManyWatches_OnlyCandidatesWithHitsMatch_InWatchOrder()
    {
        var watches = Enumerable.Range(0, 500)
            .Select(i => new Watch($"w{i}", $"W{i}", "other", WatchPriority.Normal, QueryParser.Parse($"term{i} OR (shared AND x{i % 7})")))
            .ToList();
        var set = new WatchSet(watches);

        var matches = set.Match(Article("shared x3 and term42"));

        var expected = Enumerable.Range(0, 500).Where(i => i == 42 || i % 7 == 3).Select(i => $"w{i}");
        Assert.Equal(expected, matches.Select(m => m.WatchId));
    }

    [Fact]
    public void Match_WatchesIndexedUnderRareTerms_StillMatchExactlyAsTheirQueriesSay()
    {
        var set = new WatchSet(
        [
            .. Enumerable.Range(0, 50).Select(i => new Watch($"w{i}", "W", "other", WatchPriority.Normal, QueryParser.Parse($"truce place{i}"))),
            new Watch("mixed", "M", "other", WatchPriority.Normal, QueryParser.Parse("(truce OR -tariff) place7 NEAR/2 (talks OR deal)")),
        ]);

        Assert.Equal(["w7", "mixed"], set.Match(Article("Truce in place7 talks")).Select(m => m.WatchId));
        Assert.Equal(["mixed"], set.Match(Article("place7 deal")).Select(m => m.WatchId));
        Assert.Empty(set.Match(Article("tariff place7 deal")));
        Assert.Empty(set.Match(Article("Truce holds")));
    }

    [Fact]
    public void Match_WatchThatHoldsWithoutTerms_IsStillEvaluated()
    {
        var set = new WatchSet([new Watch("w", "W", "other", WatchPriority.Normal, new NotQuery(new TermQuery("tariff")))]);

        Assert.Single(set.Match(Article("Anything at all")));
        Assert.Empty(set.Match(Article("Tariff news")));
    }

    [Fact]
    public async Task Match_IsThreadSafe()
    {
        var set = Set("truce NEAR/3 (Gaza OR Kyiv)");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Enumerable.Range(0, 2000).Count(j => set.Match(Article((i + j) % 2 == 0 ? "Truce in Gaza" : "Truce far from any named place")).Count == 1))));

        Assert.All(results, r => Assert.Equal(1000, r));
    }

    private static bool Matches(string query, string title) => Matches(query, Article(title));

    private static bool Matches(string query, Article article) => Set(query).Match(article).Count > 0;

    private static WatchSet Set(string query) => new([new Watch("w", "W", "other", WatchPriority.Normal, QueryParser.Parse(query))]);

    private static Article Article(string title) => new("id", "feed", title, string.Empty, null, DateTimeOffset.UnixEpoch);
}
