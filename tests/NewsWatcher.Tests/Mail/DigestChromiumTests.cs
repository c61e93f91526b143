using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsWatcher.Cli;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Mail;

/// <summary>The HTML part as a person sees it: laid out by headless Chromium (Debian package <c>chromium</c>) at phone and desktop widths.</summary>
public sealed partial class DigestChromiumTests : IDisposable
{
    // Runs inside the test page only (never in mail): measures the page in its iframe and writes the findings into the DOM (the status page layout test uses it too).
    internal const string Measure = """
        <script>
        window.addEventListener('load', function () {
          var d = document.getElementById('message').contentDocument, win = d.defaultView;
          var w = d.documentElement.clientWidth, clipped = [], minFont = 100;
          d.body.querySelectorAll('*').forEach(function (e) {
            var r = e.getBoundingClientRect();
            if (r.width > 0 && (r.right > w + 1 || r.left < -1)) { clipped.push(e.tagName + ': ' + (e.textContent || '').slice(0, 60)); }
          });
          d.body.querySelectorAll('p,a,h1,h2,span,mark').forEach(function (e) { minFont = Math.min(minFont, parseFloat(win.getComputedStyle(e).fontSize)); });
          var links = Array.prototype.map.call(d.querySelectorAll('a'), function (a) { return a.getAttribute('href'); });
          var out = document.createElement('pre');
          out.id = 'result';
          out.textContent = JSON.stringify({ width: w, scrollWidth: d.documentElement.scrollWidth, clipped: clipped, links: links, minFont: minFont, text: d.body.innerText });
          document.body.appendChild(out);
        });
        </script>
        """;

    private readonly string _folder = TempDirectory.Create("chromium");

    public static TheoryData<int> Widths => [320, PreviewCommand.PhoneWidth, 768, PreviewCommand.DesktopWidth];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task HtmlPart_AtWidth_NothingClippedLinksPresentTextReadable(int width)
    {
        var browser = Chromium.Find() ?? SkipWithoutChromium();
        var items = PreviewCommand.SampleItems(MailSamples.CreatedAt);
        var subscriber = new Subscriber("ana@example.org", "ana@example.org", "Ana", ["*"], DigestCadence.DailyAt(new TimeOnly(7, 0)), TimeZoneInfo.Utc, ImmediateUrgent: true);
        var digest = DigestComposer.Compose("d-1", new Route(subscriber), OutboxKind.Digest, items, MailSamples.CreatedAt);
        var unsubscribe = DigestMessageFactory.UnsubscribeLink(MailSamples.From, subscriber.Email);
        var rendered = DigestRenderer.Render(digest, new Dictionary<string, string>(StringComparer.Ordinal) { ["bbc-world"] = "BBC News – World" }, unsubscribe: unsubscribe);
        var page = Path.Combine(_folder, $"digest-{width}.html");
        await File.WriteAllTextAsync(page, PreviewCommand.Frame(rendered.Html, width, Measure), TestContext.Current.CancellationToken);

        var dom = await Chromium.RunAsync(browser, page, Math.Max(500, width + 20), 2400, ["--dump-dom"], TimeProvider.System, TestContext.Current.CancellationToken);

        var result = Result(dom);
        Assert.Equal(width, result.GetProperty("width").GetInt32());
        Assert.True(result.GetProperty("scrollWidth").GetInt32() <= width, $"the message scrolls sideways at {width} px");
        Assert.Empty(result.GetProperty("clipped").EnumerateArray().Select(e => e.GetString()));
        Assert.True(result.GetProperty("minFont").GetDouble() >= 12, "text smaller than 12 px");
        var links = result.GetProperty("links").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(items.Count + items.Sum(i => i.AlsoReportedBy.Count) + 1, links.Count);
        Assert.All(items, i => Assert.Contains(i.Article.Link!, links));
        Assert.Contains(unsubscribe, links);
        var text = result.GetProperty("text").GetString()!;
        Assert.All(items, i => Assert.Contains(i.Article.Title, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Detector_MessageWiderThanPhone_ReportsClipping()
    {
        // The check itself must be able to fail: a fixed 600 px table is clipped on a phone.
        var browser = Chromium.Find() ?? SkipWithoutChromium();
        var page = Path.Combine(_folder, "wide.html");
        await File.WriteAllTextAsync(page, PreviewCommand.Frame("<html><body><div style=\"width:600px\">wide <a href=\"https://x.example/\">x</a></div></body></html>", 390, Measure), TestContext.Current.CancellationToken);

        var result = Result(await Chromium.RunAsync(browser, page, 500, 800, ["--dump-dom"], TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.NotEmpty(result.GetProperty("clipped").EnumerateArray());
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_folder);

    private static string SkipWithoutChromium()
    {
        Assert.Skip("Chromium is not installed (apt-get install -y chromium, or set $CHROMIUM); the HTML layout test needs it. .ci/run installs it.");
        return "";
    }

    internal static JsonElement Result(string dom)
    {
        var match = ResultElement().Match(dom);
        Assert.True(match.Success, "the page did not report its measurements: " + dom[..Math.Min(500, dom.Length)]);
        return JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement.Clone();
    }

    [GeneratedRegex("<pre id=\"result\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ResultElement();
}
