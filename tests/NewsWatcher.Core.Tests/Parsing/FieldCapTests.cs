using System.Text;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

public class FieldCapTests
{
    public static TheoryData<string, string> LongFields => new()
    {
        { "show notes", Repeat(i => $"<p>Episode {i}: the truce talks &amp; what came of them, with guests.</p>\n", 400) },
        { "image-heavy", Repeat(i => $"<img src=\"https://cdn.example.com/{new string('x', 400)}/{i}.jpg\" alt=\"\"> caption {i} ", 200) },
        { "script across the head", "<p>Intro text.</p><script>" + Repeat(i => $"var secret{i} = 'do not show';\n", 600) + "</script>" + Repeat(i => $"<p>After the script, paragraph {i}.</p>", 100) },
        { "escaped script", "&lt;p&gt;Intro&lt;/p&gt;&lt;script&gt;" + Repeat(i => $"var hidden{i} = 1; ", 600) + "&lt;/script&gt;" + Repeat(i => $"Tail {i}. ", 300) },
        { "comment across the head", "<p>Intro.</p><!--" + Repeat(i => $"note {i} ", 900) + "-->" + Repeat(i => $"<p>Body {i}.</p>", 300) },
        { "entities at every turn", Repeat(i => $"&#8220;Quote {i}&#8221; &mdash; &eacute;t&eacute; ", 800) },
    };

    [Theory]
    [MemberData(nameof(LongFields))]
    public void Text_LongField_SameAsTheWholeFieldConvertedThenCut(string name, string raw)
    {
        var cut = false;

        var text = FieldCap.Text(raw, 1000, ref cut);

        Assert.True(cut, name);
        Assert.Equal(PlainText.Truncate(PlainText.HtmlToText(raw), 1000), text);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ShortField_NotCut()
    {
        var cut = false;

        var text = FieldCap.Text("<p>Truce holds &amp; talks go on.</p>", 1000, ref cut);

        Assert.False(cut);
        Assert.Equal("Truce holds & talks go on.", text);
    }

    private static string Repeat(Func<int, string> part, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(part(i));
        }

        return builder.ToString();
    }
}
