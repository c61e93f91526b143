using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Tests.Matching;

/// <summary>
/// Tokenising a field: ASCII letters and digits are read eight at a time, so words that end at, just before and just
/// after a block's edge, and text that ends inside a block, must give the tokens a character-by-character reading gives.
/// </summary>
public sealed class FieldTextTests
{
    [Theory]
    [InlineData("Ceasefire", "ceasefire")]
    [InlineData("ABCDEFGH", "abcdefgh")]
    [InlineData("ABCDEFG h", "abcdefg|h")]
    [InlineData("ABCDEFGHI jk", "abcdefghi|jk")]
    [InlineData("Sixteen16LETTERS and 17", "sixteen16letters|and|17")]
    [InlineData("ceasefire@truce[talks]`peace{plan}", "ceasefire|truce|talks|peace|plan")]
    [InlineData("Kyiv's cease-fire", "kyiv|s|cease|fire")]
    [InlineData("ZAPORIZHZHIAМіст 2025", "zaporizhzhiaміст|2025")]
    [InlineData("Zelensky\u2019s truce", "zelensky|s|truce")]
    [InlineData("naïve truce", "naive|truce")]
    [InlineData("cease\u00ADfire talks", "ceasefire|talks")]
    [InlineData("  truce  ", "truce")]
    [InlineData("", "")]
    public void Reset_TokensAcrossBlockEdges_AreTheWordsFolded(string text, string expected)
    {
        var field = new FieldText();
        field.Reset(MatchField.Title, text, text.Length);

        Assert.Equal(expected, string.Join("|", Tokens(field).Select(t => t.Folded)));
    }

    [Fact]
    public void Reset_RandomAsciiText_GivesTheTokensOfAPlainReading()
    {
        // Letters of both cases, digits, the characters either side of the letter ranges, joiners and spaces.
        const string Alphabet = "aZbYmM09 5-'`@[{/:.AEIOUxyz  ";
        var random = new Random(20);
        var field = new FieldText();
        for (var round = 0; round < 2000; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            field.Reset(MatchField.Summary, text, text.Length);

            Assert.Equal(PlainReading(text), Tokens(field));
        }
    }

    [Fact]
    public void Reset_ShorterEnd_StopsThere()
    {
        var field = new FieldText();
        const string Link = "https://example.org/news/ceasefire-talks?ref=truce";
        field.Reset(MatchField.Link, Link, Link.IndexOf('?', StringComparison.Ordinal));

        Assert.Equal("https|example|org|news|ceasefire|talks", string.Join("|", Tokens(field).Select(t => t.Folded)));
    }

    private static List<(string Folded, int Start, int End, int Word)> Tokens(FieldText field) =>
        [.. Enumerable.Range(0, field.Count).Select(i => (field.Folded(i).ToString(), field[i].Start, field[i].End, field[i].Word))];

    /// <summary>ASCII read one character at a time: runs of letters and digits, lower-cased; a hyphen or apostrophe between two of them keeps one word.</summary>
    private static List<(string Folded, int Start, int End, int Word)> PlainReading(string text)
    {
        var tokens = new List<(string, int, int, int)>();
        var word = -1;
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var joined = tokens.Count > 0 && i >= 2 && tokens[^1].Item3 == i - 1 && text[i - 1] is '-' or '\'' or '`';
            word = joined ? word : word + 1;
            var start = i;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            tokens.Add((text[start..i].ToLowerInvariant(), start, i, word));
        }

        return tokens;
    }
}
