using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Http.Ops;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;
using Npgsql;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>The clustered schedule's PostgreSQL goes away under a running replica: readiness, the gauge and the shipped alert rule say so.</summary>
public sealed partial class SchedulerStoreOutageTests : IClassFixture<StoreFixture>, IAsyncDisposable
{
    private readonly StoreFixture _store;
    private readonly string _root = TempDirectory.Create("store-outage");
    private readonly string _database;
    private readonly string _prefix = PostgresDatabase.UniqueTablePrefix();

    public SchedulerStoreOutageTests(StoreFixture store)
    {
        _store = store;
        _database = PostgresDatabase.RequireConnectionString();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_JobStoreDatabaseCutOff_NotReadyGaugeZeroAlertRuleMatchesThenRecovers()
    {
        var target = new NpgsqlConnectionStringBuilder(_database);
        await using var proxy = TcpCutProxy.Start(target.Host!, target.Port);
        var proxied = new NpgsqlConnectionStringBuilder(_database) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        File.WriteAllText(Path.Combine(_root, "feeds.yaml"), "feeds:\n  - id: wire\n    url: missing-wire.xml\n    interval: 1h\n");
        File.WriteAllText(Path.Combine(_root, "watches.yaml"), "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: other\n    any: [ceasefire]\n");
        File.WriteAllText(Path.Combine(_root, "subscribers.yaml"), "subscribers:\n  - email: desk@example.org\n    watches: [\"*\"]\n    digest: hourly\n");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _store.NewDataDirectory(),
            ["MailFolder:Directory"] = Path.Combine(_root, "outbox"),
            ["Http:BindAddress"] = "127.0.0.1",
            ["Http:Port"] = TestSmtpServer.UnusedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Polling:MaxJitter"] = "01:00:00",
            ["Scheduling:Database"] = proxied,
            ["Scheduling:TablePrefix"] = _prefix,
            ["Scheduling:CheckinInterval"] = "00:00:01",
        };
        using var host = NewsWatcherHost.CreateBuilder([], _root, EditorConfigLoader.Load(_root), scheduled: true, settings).Build();
        await host.StartAsync(Token);
        string up, down, back;
        try
        {
            using var client = new HttpClient { BaseAddress = host.Services.GetRequiredService<OpsHttpServer>().Address };
            up = await WaitForAsync(client, HttpStatusCode.OK, "ok", "newswatcher_scheduler_store_up{} 1");
            proxy.Cut();
            down = await WaitForAsync(client, HttpStatusCode.ServiceUnavailable, "failing", "newswatcher_scheduler_store_up{} 0");
            proxy.Restore();
            back = await WaitForAsync(client, HttpStatusCode.OK, "ok", "newswatcher_scheduler_store_up{} 1");
        }
        finally
        {
            // Quartz's threads must end before the pool is disposed, whatever happened above.
            await host.StopAsync(CancellationToken.None);
        }

        Assert.StartsWith("PostgreSQL answered in ", up, StringComparison.Ordinal);
        Assert.StartsWith("PostgreSQL does not answer: ", down, StringComparison.Ordinal);
        Assert.Contains("no polls or sends fire on this replica until it does (down since ", down, StringComparison.Ordinal);
        Assert.StartsWith("PostgreSQL answered in ", back, StringComparison.Ordinal);

        // The alert rule operations.md ships fires on exactly the series and value the outage produced.
        var rules = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "docs", "operations.md"));
        var rule = AlertRule().Match(rules);
        Assert.True(rule.Success, "operations.md must ship a NewsWatcherSchedulerStoreDown alert rule");
        Assert.Equal("newswatcher_scheduler_store_up == 0", rule.Groups["expr"].Value.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        await PostgresDatabase.DropTablesAsync(_database, _prefix);
        TempDirectory.DeleteQuietly(_root);
    }

    /// <summary>Polls /readyz and /metrics until both show the expected state; returns the scheduler_store reason.</summary>
    private static async Task<string> WaitForAsync(HttpClient client, HttpStatusCode status, string check, string series)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(2);
        var seen = "";
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            using var body = JsonDocument.Parse(text);
            var store = body.RootElement.GetProperty("checks").GetProperty("scheduler_store");
            var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
            if (response.StatusCode == status && store.GetProperty("status").GetString() == check && metrics.Split('\n').Any(l => l.TrimEnd() == series || l.StartsWith(series + " ", StringComparison.Ordinal)))
            {
                return store.GetProperty("reason").GetString()!;
            }

            seen = $"{(int)response.StatusCode} {text} / {string.Join(" | ", metrics.Split('\n').Where(l => l.StartsWith("newswatcher_scheduler_store_up", StringComparison.Ordinal)))}";
            await Task.Delay(TimeSpan.FromMilliseconds(250), Token);
        }

        Assert.Fail($"Waited 2 minutes for {(int)status} with scheduler_store {check} and {series}; last seen: {seen}");
        return "";
    }

    [GeneratedRegex(@"- alert: NewsWatcherSchedulerStoreDown\s*\n\s*expr: (?<expr>[^\n]+)")]
    private static partial Regex AlertRule();
}
