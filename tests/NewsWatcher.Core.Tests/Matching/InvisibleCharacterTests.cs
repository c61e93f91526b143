using System.Net;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>
/// Invisible format characters inside words, as some outlets write them ("cease\u00ADfire", "Is\u00ADrael"): matching,
/// staging and highlighting read the word the reader sees. One theory row per character class.
/// </summary>
public sealed class InvisibleCharacterTests
{
    /// <summary>Each class by its code points (readable in the test name), turned into the characters by <see cref="Chars"/>.</summary>
    public static TheoryData<string> Classes =>
    [
        "U+00AD soft hyphen",
        "U+200B zero-width space",
        "U+200C zero-width non-joiner",
        "U+200D zero-width joiner",
        "U+2060 word joiner",
        "U+FEFF BOM (zero-width no-break space)",
        "U+200E left-to-right mark",
        "U+200F right-to-left mark",
        "U+202A left-to-right embedding",
        "U+202C pop directional formatting",
        "U+202E right-to-left override",
        "U+2066 left-to-right isolate",
        "U+2069 pop directional isolate",
        "U+00AD U+200B a run of two",
    ];

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleInsideWords_MatchesAndSpansTheWholeWord(string invisible)
    {
        var x = Chars(invisible);
        var title = $"Is{x}rael re{x}jects cease{x}fire in Ga{x}za";
        var article = Article(title);

        var match = Assert.Single(Set("Israel (rejects NEAR/2 ceasefire) Gaza").Match(article));

        Assert.Equal(
            [$"Is{x}rael", $"re{x}jects", $"cease{x}fire", $"Ga{x}za"],
            match.Terms.Select(t => title.Substring(t.Start, t.Length)));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleInsideWord_MakesNoPartWordsOfIt(string invisible)
    {
        var x = Chars(invisible);
        var article = Article($"Is{x}rael re{x}jects cease{x}fire");

        foreach (var part in (string[])["is", "rael", "jects", "cease", "fire"])
        {
            Assert.True(Set(part).Match(article).Count == 0, $"{invisible}: '{part}' matched inside a word");
        }
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleInsideNonAsciiAndPrefixWords_Matches(string invisible)
    {
        var x = Chars(invisible);
        var title = $"Пере{x}мирие и Перемир{x}ие, ne{x}go{x}ti{x}a{x}tions и negotiat{x}ions";
        var match = Assert.Single(Set("перемир* negotiat*").Match(Article(title)));

        Assert.Equal(
            [$"Пере{x}мирие", $"Перемир{x}ие", $"ne{x}go{x}ti{x}a{x}tions", $"negotiat{x}ions"],
            match.Terms.Select(t => title.Substring(t.Start, t.Length)));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleInsideWords_CountsOneWordForNear(string invisible)
    {
        var x = Chars(invisible);

        Assert.Single(Set("Gaza ONEAR/1 truce").Match(Article($"Ga{x}za cease{x}fire truce holds")));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleInRuleTerm_MatchesPlainText(string invisible)
    {
        var x = Chars(invisible);
        Assert.Single(Set($"cease{x}fire").Match(Article("Ceasefire holds")));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Match_InvisibleAtWordEdges_IsNotPartOfTheWord(string invisible)
    {
        var x = Chars(invisible);
        var title = $"A {x}truce{x} holds";
        var match = Assert.Single(Set("truce").Match(Article(title)));

        Assert.Equal("truce", title.Substring(match.Terms[0].Start, match.Terms[0].Length));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Classify_InvisibleInsideWords_SameStageAndActorAsPlainText(string invisible)
    {
        var x = Chars(invisible);
        var stages = new StageSet(
            [new StageRule("rejected", StageNames.Rejection, QueryParser.Parse("rejects NEAR/3 ceasefire"))],
            [new StageActor("Israel", QueryParser.Parse("Israel OR Israeli")), new StageActor("Hamas", QueryParser.Parse("Hamas"))]);
        var article = Article($"Ha{x}mas says Is{x}rael re{x}jects cease{x}fire");

        var decision = stages.Classify(article, []);

        Assert.Equal((StageNames.Rejection, "Israel"), (decision.Stage, decision.Actor));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Highlight_InvisibleInsideWord_MarksTheWholeWord(string invisible)
    {
        var x = Chars(invisible);
        var title = $"Is{x}rael re{x}jects cease{x}fire";
        var match = Assert.Single(Set("ceasefire").Match(Article(title)));

        Assert.Equal($"Is{x}rael re{x}jects [cease{x}fire]", MatchExplainer.Mark(title, "title", match.Terms));
        Assert.EndsWith($">{WebUtility.HtmlEncode($"cease{x}fire")}</mark>", TermHighlighter.Highlight(title, "title", match.Terms), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Is\u00ADrael", "israel")]
    [InlineData("ПЕРЕ\u200BМИРИЕ", "перемирие")]
    [InlineData("Zelens\u200Dkyy\u2060", "zelenskyy")]
    public void Fold_DropsInvisibleCharacters(string word, string folded) => Assert.Equal(folded, WordFolding.Fold(word));

    private static string Chars(string invisible) =>
        string.Concat(invisible.Split(' ').Where(p => p.StartsWith("U+", StringComparison.Ordinal))
            .Select(p => (char)int.Parse(p[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));

    private static WatchSet Set(string query) => new([new Watch("w", "W", "other", WatchPriority.Normal, QueryParser.Parse(query))]);

    private static Article Article(string title) => new("a", "feed", title, string.Empty, null, DateTimeOffset.UnixEpoch);
}
