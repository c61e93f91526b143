using System.Globalization;
using System.Security;
using System.Text;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>
/// Issue 22's target through the real pipeline: four headlines arriving one poll at a time in a feed file, each run
/// with <c>once</c> over the shipped watches and stage cues, mailed by the real SMTP test server.
/// </summary>
public sealed class TruceThreadOnceTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    // A US proposal; Russia's acceptance; the same acceptance from a second outlet in other words; a violation.
    private static readonly (string Feed, string Guid, string Title, string Date)[] Sequence =
    [
        ("wire", "w1", "US proposes 30-day ceasefire between Russia and Ukraine", "Tue, 11 Mar 2025 09:00:00 GMT"),
        ("wire", "w2", "Kremlin accepts US truce plan in principle", "Thu, 13 Mar 2025 09:00:00 GMT"),
        ("desk", "d1", "Russia agrees to 30-day ceasefire, Kremlin says", "Thu, 13 Mar 2025 10:30:00 GMT"),
        ("wire", "w3", "Russia violates ceasefire hours after accepting it, Ukraine says", "Fri, 14 Mar 2025 07:00:00 GMT"),
    ];

    [Theory]
    [AllStoreBackends]
    public async Task Once_FourHeadlinesOnePollAtATime_ThreeAlertsTheViolationListingTheProposalAndAcceptance(StoreBackend backend)
    {
        if (backend != StoreBackend.Garnet)
        {
            StoreFixture.RequireUrl(backend);
        }

        await using var harness = await WorkerHarness.StartAsync(backend, fixture.NewDataDirectory());
        harness.WriteConfig("watches.yaml", File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml")));
        harness.WriteConfig("stages.yaml", File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", "stages.yaml")));
        harness.WriteConfig("subscribers.yaml", """
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: immediate, timezone: UTC}
              - {email: reader@example.org, name: Reader, watches: ["*"], digest: immediate, timezone: UTC, alerts: articles}
            """);
        var wire = Path.Combine(harness.ConfigDirectory, "wire.xml");
        var desk = Path.Combine(harness.ConfigDirectory, "desk.xml");
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - {{id: wire, url: \"{wire}\", name: Wire}}\n  - {{id: desk, url: \"{desk}\", name: Desk Daily}}\n");

        for (var arrived = 1; arrived <= Sequence.Length; arrived++)
        {
            File.WriteAllText(wire, Rss("wire", Sequence.Take(arrived).Where(s => s.Feed == "wire")));
            File.WriteAllText(desk, Rss("desk", Sequence.Take(arrived).Where(s => s.Feed == "desk")));
            var report = await harness.RunOnceAsync();
            Assert.All(report.Polls, p => Assert.Equal("ok", p.Status));
        }

        var alerts = harness.Smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == "desk@example.org")).ToList();
        Assert.Equal(3, alerts.Count);
        Assert.Contains(Sequence[0].Title, alerts[0].Subject, StringComparison.Ordinal);
        Assert.Contains(Sequence[1].Title, alerts[1].Subject, StringComparison.Ordinal);
        Assert.Contains(Sequence[3].Title, alerts[2].Subject, StringComparison.Ordinal);

        var violation = alerts[2];
        Assert.Contains("Earlier in Russia–Ukraine:", violation.TextBody, StringComparison.Ordinal);
        Assert.Contains($"- Proposed — United States, 11 Mar: {Sequence[0].Title}", violation.TextBody, StringComparison.Ordinal);
        Assert.Contains($"- Accepted — Russia, 13 Mar: {Sequence[1].Title} (2 sources)", violation.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://wire.example/w1", violation.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(Sequence[1].Title, violation.HtmlBody, StringComparison.Ordinal);

        // alerts: articles keeps today's behaviour: one alert per article.
        Assert.Equal(4, harness.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == "reader@example.org")));
    }

    private static string Rss(string outlet, IEnumerable<(string Feed, string Guid, string Title, string Date)> items)
    {
        var xml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<rss version=\"2.0\"><channel><title>{outlet}</title><link>https://{outlet}.example/</link>"));
        foreach (var (_, guid, title, date) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{SecurityElement.Escape(title)}</title><link>https://{outlet}.example/{guid}</link><pubDate>{date}</pubDate></item>");
        }

        return xml.Append("</channel></rss>").ToString();
    }
}
