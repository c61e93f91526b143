using NewsWatcher.Cli;

namespace NewsWatcher.Tests.Cli;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("txt", "text")]
    [InlineData("confuson", "confusion")]
    [InlineData("watch", "watches")]
    [InlineData("TEXT", "text")]
    [InlineData("feeds", "feed")]
    public void Closest_Typo_IsTheNearestName(string typed, string expected)
    {
        Assert.Equal(expected, Suggestions.Closest(typed, ["text", "summary", "feed", "watches", "stages", "confusion"]));
    }

    [Theory]
    [InlineData("zzz")]
    [InlineData("frobnicate")]
    [InlineData("x")]
    public void Closest_NothingNear_IsNull(string typed)
    {
        Assert.Null(Suggestions.Closest(typed, ["text", "summary", "feed", "watches", "stages", "confusion"]));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)]
    public void Distance_Pairs_AreLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }
}
