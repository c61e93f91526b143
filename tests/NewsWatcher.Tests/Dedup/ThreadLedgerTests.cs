using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Dedup;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Dedup;

/// <summary>
/// Truce threads in the store: a development is decided once cluster-wide, even when two hosts record two reports of
/// it at the same moment, and a further report is a source, not an alert.
/// </summary>
public sealed class ThreadLedgerTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private const int Rounds = 12;
    private static readonly DateTimeOffset Day = new(2025, 3, 13, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_TwoHostsTwoReportsOfOneDevelopmentAtOnce_OneDevelopmentOneAlert(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        // A second host: its own connection to the same server and prefix (the embedded Garnet is one process's own
        // server, so there the second host shares its connection: the two scripts still interleave with the reads).
        await using var second = store.Connection.IsEmbedded ? null : new RedisConnection(Options.Create(store.Options), NullLoggerFactory.Instance, TimeProvider.System);
        var other = new RedisArticleLedger(second ?? store.Connection, Options.Create(store.Options), Options.Create(store.Dedup));

        for (var round = 0; round < Rounds; round++)
        {
            // A conflict of its own per round, so every round starts from no thread at all.
            var conflict = new ThreadConflict($"named:round-{round}", $"Round {round}");
            var wire = Report("wire", $"w{round}", $"Kremlin accepts US truce plan in principle ({round})", conflict);
            var desk = Report("desk", $"d{round}", $"Russia agrees to 30-day ceasefire, Kremlin says ({round})", conflict);

            var results = await Task.WhenAll(store.Ledger.RecordAsync([wire], Token), other.RecordAsync([desk], Token));

            Assert.Equal([true, true], results.Select(r => Assert.Single(r)));
            var alert = Assert.Single(await store.Pending.ListAsync("desk", OutboxKind.Alert, Token), a => a.Thread!.Name == $"Round {round}");
            Assert.True(alert.Thread!.IsNewDevelopment);
            var thread = await ReadThreadAsync(store, conflict.Key);
            var development = Assert.Single(thread.Developments);
            Assert.Equal(("acceptance", "Russia", 2), (development.Stage, development.Actor, development.SourceCount));
        }

        // alerts: articles keeps one alert per article, each carrying the thread.
        var articles = (await store.Pending.ListAsync("reader", OutboxKind.Alert, Token)).Where(a => a.Thread is not null).ToList();
        Assert.Equal(2 * Rounds, articles.Count);
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_ProposalAcceptanceSecondReportViolation_ThreeAlertsTheLastWithItsHistory(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var conflict = new ThreadConflict("named:russia-ukraine", "Russia–Ukraine");
        ArticleDeliveries[] sequence =
        [
            Report("wire", "1", "US proposes 30-day ceasefire between Russia and Ukraine", conflict, "proposal", "United States", Day.AddDays(-2)),
            Report("wire", "2", "Kremlin accepts US truce plan in principle", conflict),
            Report("desk", "3", "Russia agrees to 30-day ceasefire, Kremlin says", conflict, at: Day.AddHours(1)),
            Report("wire", "4", "Russia violates ceasefire hours after accepting it, Ukraine says", conflict, "violation", "Russia", Day.AddDays(1)),
        ];

        foreach (var report in sequence)
        {
            Assert.True(Assert.Single(await store.Ledger.RecordAsync([report], Token)));
        }

        var alerts = await store.Pending.ListAsync("desk", OutboxKind.Alert, Token);
        Assert.Equal(["1", "2", "4"], alerts.Select(a => a.Key).Order(StringComparer.Ordinal));
        alerts = [.. alerts.OrderBy(a => a.Key, StringComparer.Ordinal)];
        Assert.Equal(
            ["US proposes 30-day ceasefire between Russia and Ukraine", "Kremlin accepts US truce plan in principle"],
            alerts[2].Thread!.Earlier.Select(e => e.Title));
        Assert.Equal(2, alerts[2].Thread!.Earlier[1].SourceCount);
        Assert.Equal(4, (await store.Pending.ListAsync("reader", OutboxKind.Alert, Token)).Count);

        // The status page's Stories view reads the same thread, and renders it with its developments.
        var stories = await new RedisThreadStore(store.Connection, Options.Create(store.Options)).RecentAsync(20, Token);
        var thread = Assert.Single(stories);
        Assert.Equal(["Proposed — United States", "Accepted — Russia", "Violated — Russia"], thread.Developments.Select(d => d.Label));
        var page = NewsWatcher.Http.Ops.StatusPage.Render(NewsWatcher.Diagnostics.StatusSnapshot.Empty with { Stories = stories }, new Dictionary<string, string> { ["wire"] = "Wire" });
        Assert.Contains("<h3>Russia–Ukraine <span class=\"stage\">now: Violated — Russia</span></h3>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Accepted — Russia</td><td><a href=\"https://wire.example/2\" rel=\"noopener noreferrer\">Kremlin accepts US truce plan in principle</a> <span class=\"muted\">Wire</span></td><td class=\"num\">2</td>", page, StringComparison.Ordinal);
    }

    private static async Task<StoryThread> ReadThreadAsync(StoreContext store, string conflictKey)
    {
        var database = await store.Connection.GetDatabaseAsync(Token);
        var json = await database.HashGetAsync(store.Keys.Thread(conflictKey), "s");
        return System.Text.Json.JsonSerializer.Deserialize(json.ToString(), StoreJsonContext.Default.StoryThread)!;
    }

    /// <summary>An article as the feed stage hands it over: one developments alert (desk) and one articles alert (reader).</summary>
    private static ArticleDeliveries Report(string feed, string id, string title, ThreadConflict conflict, string stage = "acceptance", string? actor = "Russia", DateTimeOffset? at = null)
    {
        var article = new Article(id, feed, title, "", $"https://{feed}.example/{id}", at ?? Day);
        var item = new DigestItem(article, [new WatchMatch("truce", "Truce", "other", WatchPriority.Normal, [])]) { Stage = stage, Actor = actor };
        return new ArticleDeliveries(article, [
            new PendingDelivery("desk", OutboxKind.Alert, item) { DevelopmentsOnly = true },
            new PendingDelivery("reader", OutboxKind.Alert, item),
        ])
        {
            Matched = new MatchedArticle(article, item.Matches) { Thread = new ThreadFacts(conflict, stage, actor, Window) },
        };
    }
}
