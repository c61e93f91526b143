using System.Net;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using static NewsWatcher.Core.Tests.Delivery.DigestSamples;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed class DigestRendererTests
{
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal) { ["feed-1"] = "Example News" };

    private static RenderedDigest Render(params DigestItem[] items) => DigestRenderer.Render(Compose(items), FeedNames);

    [Fact]
    public void Render_ItemsWithStages_HeadingPerStageAndActorBesideIt()
    {
        var rendered = Render(
            Item("1", "Kremlin accepts ceasefire plan", matches: Match("violation")) with { Stage = "acceptance", Actor = "Russia" },
            Item("2", "Talks resume in Doha", matches: Match("talks")) with { Stage = "talks" });

        Assert.Contains("== Acceptance (1) ==", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("== Talks (1) ==", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("== Violation", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("  Truce accepted — Russia\n", rendered.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(Regex.Matches(rendered.Text, "Truce accepted — Russia\n"));
        Assert.Contains(">Truce accepted — Russia</p>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ScriptInTitle_EncodedInHtml()
    {
        var rendered = Render(Item("1", "<script>alert(1)</script>", summary: "<b>bold</b> & more"));

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; more", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AttributeBreakoutInTitle_Encoded()
    {
        var rendered = Render(Item("1", "\"><img src=x onerror=alert(1)>"));

        Assert.DoesNotContain("<img", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileLink_AttributeEncoded()
    {
        var rendered = Render(Item("1", "T", link: "https://news.example/a?q=\"><script>x</script>&b=1"));

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://news.example/a?q=%22%3E%3Cscript%3Ex%3C/script%3E&amp;b=1\"", rendered.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JavaScript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("vbscript:msgbox")]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example/x")]
    public void Render_NonHttpLink_TitleNotLinked(string link)
    {
        var rendered = Render(Item("1", "Plain title", link: link));

        Assert.DoesNotContain("<a ", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("Plain title", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Trim(), rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HttpLink_TitleLinked()
    {
        var rendered = Render(Item("1", "Linked", link: "http://news.example/story"));

        Assert.Contains("<a href=\"http://news.example/story\"", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("http://news.example/story", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LineBreaksInTitle_SubjectAndTextLinesClean()
    {
        var rendered = Render(Item("1", "Line one\r\nX-Injected: yes"));

        Assert.DoesNotContain('\n', rendered.Subject);
        Assert.DoesNotContain('\r', rendered.Subject);
        Assert.Contains("* Line one X-Injected: yes", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Html_NoScriptsNoRemoteImagesAndNarrowLayout()
    {
        var rendered = Render(Item("1", "A"));

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-width:640px", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Sections_InComposedOrderInBothParts()
    {
        var rendered = Render(
            Item("1", "Talks story", matches: Match("talks")),
            Item("2", "Violation story", matches: Match("violation")));

        Assert.True(rendered.Html.IndexOf("Violation story", StringComparison.Ordinal) < rendered.Html.IndexOf("Talks story", StringComparison.Ordinal));
        Assert.True(rendered.Text.IndexOf("== Violation (1) ==", StringComparison.Ordinal) < rendered.Text.IndexOf("== Talks (1) ==", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_MatchedTerms_HighlightedInTitleAndSummary()
    {
        var match = Match("agreement", "truce", "Truce watch", new MatchedTerm("ceasefire", "title", 4, 9), new MatchedTerm("truce", "summary", 0, 5));

        var rendered = Render(Item("1", "New ceasefire <agreed>", summary: "Truce holds & talks go on", matches: match));

        Assert.Contains("New <mark style=\"" + TermHighlighter.MarkStyle + "\">ceasefire</mark> &lt;agreed&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<mark style=\"" + TermHighlighter.MarkStyle + "\">Truce</mark> holds &amp; talks", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("Matched: Truce watch — “ceasefire”, “Truce”", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Highlight_OverlappingAndOutOfRangeSpans_MergedAndClamped()
    {
        MatchedTerm[] terms =
        [
            new("cease", "title", 0, 5),
            new("ceasefire", "title", 0, 9),
            new("fire now", "title", 4, 100),
            new("bogus", "title", -10, 3),
            new("past", "title", 500, 4),
            new("empty", "title", 2, 0),
            new("elsewhere", "summary", 0, 3),
        ];

        var html = TermHighlighter.Highlight("ceasefire now", "title", terms);

        Assert.Equal("<mark style=\"" + TermHighlighter.MarkStyle + "\">ceasefire now</mark>", html);
    }

    [Fact]
    public void Highlight_SpanInsideEncodedCharacters_EncodesEachPiece()
    {
        var html = TermHighlighter.Highlight("a<b>c", "title", [new MatchedTerm("b", "title", 2, 1)]);

        Assert.Equal("a&lt;<mark style=\"" + TermHighlighter.MarkStyle + "\">b</mark>&gt;c", html);
    }

    [Fact]
    public void Highlight_SpanSplittingSurrogatePair_KeepsPairWhole()
    {
        var html = TermHighlighter.Highlight("x😀y", "title", [new MatchedTerm("?", "title", 2, 1)]);

        // WebUtility writes a whole pair as one numeric reference; a split pair would come out as replacement characters.
        Assert.Equal("x<mark style=\"" + TermHighlighter.MarkStyle + "\">&#128512;</mark>y", html);
    }

    [Fact]
    public void Render_LongSummary_SnippetCutNear300Chars()
    {
        var summary = string.Join(' ', Enumerable.Repeat("word", 200));

        var rendered = Render(Item("1", "T", summary: summary));

        var line = rendered.Text.Split('\n').Single(l => l.StartsWith("  word", StringComparison.Ordinal));
        Assert.EndsWith("…", line.TrimEnd(), StringComparison.Ordinal);
        Assert.InRange(line.Trim().Length, 240, DigestRenderer.MaxSummaryLength + 1);
    }

    [Fact]
    public void Render_SourceName_FromFeedNamesElseFeedId()
    {
        var rendered = Render(Item("1", "Known"), Item("2", "Unknown", feedId: "feed-<9>"));

        Assert.Contains("Example News · ", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("feed-&lt;9&gt; · ", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PublishedTime_InSubscriberTimeZone()
    {
        var digest = DigestComposer_ForZone(Helsinki, new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero));

        var rendered = DigestRenderer.Render(digest, FeedNames);

        Assert.Contains("25 Nov 2026 14:05 UTC+02:00", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("25 Nov 2026 14:05 UTC+02:00", WebUtility.HtmlDecode(rendered.Html), StringComparison.Ordinal);
    }

    [Fact]
    public void FormatLocalTime_SummerAndNegativeOffsets_Formatted()
    {
        var summer = new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal("1 Jul 2026 12:30 UTC+03:00", DigestRenderer.FormatLocalTime(summer, Helsinki));
        Assert.Equal("1 Jul 2026 05:30 UTC-04:00", DigestRenderer.FormatLocalTime(summer, newYork));
        Assert.Equal("1 Jul 2026 09:30 UTC", DigestRenderer.FormatLocalTime(summer, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Render_Footer_SaysWhichWatchesAndCadence()
    {
        var rendered = Render(Item("1", "A", matches: Match("talks", "truce", "Truce watch")));

        Assert.Contains("you follow Truce watch", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("daily at 08:00", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("daily at 08:00", rendered.Html, StringComparison.Ordinal);
    }

    private static Digest DigestComposer_ForZone(TimeZoneInfo zone, DateTimeOffset published) =>
        DigestComposer.Compose("d", new Route(Subscriber(zone)), OutboxKind.Digest, [Item("1", "Timed", published)], Now);
}
