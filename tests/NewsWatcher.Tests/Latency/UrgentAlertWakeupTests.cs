using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Tests.Diagnostics;
using NewsWatcher.Tests.Http;
using NewsWatcher.Tests.Infrastructure;
using Quartz;

namespace NewsWatcher.Tests.Latency;

/// <summary>An urgent match is sent when it is found, not at the next alert sweep, and its delay is measured.</summary>
public sealed class UrgentAlertWakeupTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Run_UrgentMatchPolled_AlertSentBeforeTheFirstSweep()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, store.NewDataDirectory());
        var url = harness.Feeds.Serve("/wire.xml", TimedRss.Build([("v1", "Truce violated near Sumy, Kyiv says", TimeProvider.System.GetUtcNow().AddMinutes(-1))]));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {url}\n    interval: 1h\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    watches: [\"*\"]\n    digest: daily 07:00\n    timezone: UTC\n    immediate: true\n");
        // The sweep's first run is ten minutes away: only the wake can send the alert before it.
        harness.Set("Polling:AlertInterval", "00:10:00");
        var host = await harness.StartHostAsync(scheduled: true);
        try
        {
            var message = await harness.Smtp.NextMessageAsync(token);

            Assert.Contains("Truce violated near Sumy", message.Subject, StringComparison.Ordinal);
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);
            var sweep = await scheduler.GetTrigger(new TriggerKey("alerts", "digests"), token);
            Assert.Null(sweep!.PreviousFireTimeUtc);

            // The delay is measured from the item's publication (a minute before the poll) to SMTP accepting the alert.
            using var client = OpsEndpointsTests.Client(host);
            var metrics = await MetricsEndpointTests.ScrapeAsync(client);
            Assert.Equal(1, metrics["newswatcher_alert_delay_seconds_count{arrival=\"poll\"}"]);
            Assert.InRange(metrics["newswatcher_alert_delay_seconds_sum{arrival=\"poll\"}"], 60, 3600);
            var page = await client.GetStringAsync(new Uri("/", UriKind.Relative), token);
            Assert.Contains("alert delay p50", page, StringComparison.Ordinal);
            Assert.Matches("data-feed=\"wire\">.*<td class=\"num\">[0-9]+m</td></tr>", page);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
