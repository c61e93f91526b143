using System.Net;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Testing;
using static NewsWatcher.Core.Tests.Delivery.DigestSamples;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed partial class DigestTemplatesTests
{
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal)
    {
        ["feed-1"] = "Example News",
        ["reuters"] = "Reuters",
        ["bbc"] = "BBC <World>",
    };

    private static DigestItem Clustered() =>
        Item("1", "Truce agreed", summary: "Both sides agreed.", matches: Match("agreement")) with
        {
            StoryId = "s1",
            AlsoReportedBy =
            [
                new StorySource("reuters", "Truce agreed, Reuters says", "https://reuters.example/t", Now.AddHours(-1)),
                new StorySource("bbc", "Truce", "javascript:alert(1)", Now.AddHours(-2)),
            ],
        };

    [Fact]
    public void Render_StoryWithOtherOutlets_BothPartsNameThemAndTheSourceCount()
    {
        var rendered = DigestRenderer.Render(Compose(Clustered()), FeedNames);

        Assert.Contains("Also reported by Reuters, BBC <World> (3 independent sources)", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://reuters.example/t\"", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("BBC &lt;World&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("(3 independent sources)", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", rendered.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_StoryWithoutOtherOutlets_NoAlsoReportedLine()
    {
        var rendered = DigestRenderer.Render(Compose(Item("1", "Truce agreed")), FeedNames);

        Assert.DoesNotContain("Also reported", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Also reported", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CappedDigest_SaysHowManyMoreAndOfWhichKind()
    {
        var subscriber = Subscriber() with { MaxItems = 1 };
        var digest = DigestComposer.Compose(
            "d", new Route(subscriber), OutboxKind.Digest, [Item("1", "Shelling", matches: Match("violation")), Item("2", "Talks", matches: Match("talks")), Item("3", "More talks", matches: Match("talks"))], Now);

        var rendered = DigestRenderer.Render(digest, FeedNames);

        Assert.Contains("…and 2 more stories not shown (Talks 2).", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("…and 2 more stories not shown (Talks 2).", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("3 new stories", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("More talks", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Unsubscribe_LinkInBothParts()
    {
        const string link = "mailto:alerts@example.org?subject=unsubscribe%20ana%40example.org";

        var rendered = DigestRenderer.Render(Compose(Item("1", "Truce")), FeedNames, unsubscribe: link);

        Assert.Contains("Unsubscribe: " + link, rendered.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"" + link + "\"", WebUtility.HtmlDecode(rendered.Html), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextPart_FaithfulToHtml_EveryTitleLinkOutletAndTimeInBoth()
    {
        var digest = Compose(
            Clustered(),
            Item("2", "Shelling breaks truce", Now.AddHours(-3), "Shelling resumed overnight.", "https://news.example/shelling", matches: Match("violation")),
            Item("3", "Aid convoy enters", Now.AddHours(-5), link: null, matches: Match("humanitarian")));

        var rendered = DigestRenderer.Render(digest, FeedNames);
        var visibleHtml = Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(rendered.Html, " ")), " ");

        foreach (var expected in new[]
        {
            "Truce agreed", "Shelling breaks truce", "Aid convoy enters", "Example News", "Both sides agreed.",
            "Shelling resumed overnight.", "Violation (1)", "Agreement (1)", "Humanitarian (1)", "3 new stories",
            DigestRenderer.FormatLocalTime(Now.AddHours(-3), TimeZoneInfo.Utc), "Matched: Truce watch",
        })
        {
            Assert.Contains(expected, rendered.Text, StringComparison.Ordinal);
            Assert.Contains(expected, visibleHtml, StringComparison.Ordinal);
        }

        Assert.Contains("https://news.example/shelling", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://news.example/shelling\"", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShippedTemplates_NoRemoteContentScriptsOrStyleBlocks()
    {
        var rendered = DigestRenderer.Render(Compose(Clustered()), FeedNames);

        Assert.DoesNotContain("<img", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Hrefs().Matches(rendered.Html), m => Assert.Matches("^(https?|mailto):", m.Groups[1].Value));
    }

    [Fact]
    public void Parse_BrokenTemplate_ReportsFileAndLineAndUsesBuiltIn()
    {
        const string broken = "line one\nline two\n{% for item in digest.sections %}\nno end";

        var templates = DigestTemplates.Parse(broken, "config/templates/digest.html.liquid", null, "config/templates/digest.txt.liquid");

        var error = Assert.Single(templates.Errors);
        Assert.Equal("config/templates/digest.html.liquid", error.File);
        Assert.InRange(error.Line, 3, 4);
        Assert.Contains("using the built-in template", error.Message, StringComparison.Ordinal);
        var rendered = DigestRenderer.Render(Compose(Item("1", "Truce holds")), FeedNames, templates);
        Assert.Contains("Truce holds", rendered.Html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EditedTemplate_UsedForItsPart()
    {
        var templates = DigestTemplates.Parse(null, "h", "{{ digest.count }} stories for {{ digest.subscriber.name }}: {% for s in digest.sections %}{% for i in s.items %}{{ i.title }};{% endfor %}{% endfor %}", "t");

        var rendered = DigestRenderer.Render(Compose(Item("1", "Truce <holds>")), FeedNames, templates);

        Assert.Empty(templates.Errors);
        Assert.Equal("1 stories for Ana: Truce <holds>;", rendered.Text);
        Assert.Contains("Truce &lt;holds&gt;", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EditorPrintsFeedTextInHtml_StillEscaped()
    {
        var templates = DigestTemplates.Parse("{% for s in digest.sections %}{% for i in s.items %}{{ i.title }}|{{ i.snippet }}|{{ i.outlet }}{% endfor %}{% endfor %}", "h", null, "t");

        var rendered = DigestRenderer.Render(Compose(Item("1", "<script>x</script>", summary: "<b onclick=x>")), FeedNames, templates);

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b ", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInSource_SameAsShippedConfigFiles()
    {
        var config = Path.Combine(Corpus.RepositoryRoot, "config");

        Assert.Equal(File.ReadAllText(Path.Combine(config, "templates", DigestTemplates.HtmlFileName)), DigestTemplates.BuiltInSource(DigestTemplates.HtmlFileName));
        Assert.Equal(File.ReadAllText(Path.Combine(config, "templates", DigestTemplates.TextFileName)), DigestTemplates.BuiltInSource(DigestTemplates.TextFileName));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Hrefs();
}
