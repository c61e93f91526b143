using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsWatcher.Diagnostics;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Mail;

/// <summary>
/// A template that loops without bound: <c>check</c> refuses it, and at run time the urgent alert still goes out,
/// rendered with the built-in template, with an error line and a metric saying so.
/// </summary>
public sealed class TemplateFallbackTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    /// <summary>100 × 100 × 1000: what passed <c>check</c> and made <c>once</c> give up every item as oversized.</summary>
    private const string Looping = """
        {{ digest.heading }}
        {% for a in (1..100) %}{% for b in (1..100) %}{% for c in (1..1000) %}{{ digest.footer }}{% endfor %}{% endfor %}{% endfor %}
        """;

    [Fact]
    public async Task Check_TemplateLoopsWithoutBound_ExitsTwoNamingTheTemplate()
    {
        var work = TempDirectory.Create("template-check");
        try
        {
            var config = Path.Combine(work, "config");
            Directory.CreateDirectory(Path.Combine(config, "templates"));
            foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
            {
                File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(config, "templates", "digest.txt.liquid"), Looping);

            var result = await CliProcess.RunAsync(work, "check");

            Assert.Equal(2, result.ExitCode);
            Assert.Matches(@"error: config/templates/digest\.txt\.liquid: rendering the sample digest \(\d+ items\) failed: (rendering took more than [\d,]+ steps|its output passed [\d,]+ characters)", result.Stderr);
            Assert.DoesNotContain("configuration OK", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            TempDirectory.DeleteQuietly(work);
        }
    }

    [Fact]
    public async Task Once_TemplateLoopsWithoutBound_UrgentAlertGoesOutWithTheBuiltInTemplate()
    {
        var fallbacks = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NewsWatcherMetrics.MeterName && instrument.Name == "newswatcher.templates.fallbacks")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (value > 0 && tag.Key == "template")
                {
                    fallbacks.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();

        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, store.NewDataDirectory());
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Error };
        harness.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        Directory.CreateDirectory(Path.Combine(harness.ConfigDirectory, "templates"));
        harness.WriteConfig(Path.Combine("templates", "digest.txt.liquid"), Looping);
        harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce accepted\n    category: acceptance\n    priority: urgent\n    any: [truce]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: editor@example.org\n    name: Night Editor\n    watches: ['*']\n    digest: daily 07:00\n    timezone: UTC\n    immediate: true\n");
        var url = harness.Feeds.Serve("/world.xml", Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"<rss version=\"2.0\"><channel><title>World</title><item><guid>a1</guid><title>Kyiv accepts truce at midnight</title><link>https://news.example.org/a1</link><pubDate>{TimeProvider.System.GetUtcNow():R}</pubDate></item></channel></rss>")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");

        var report = await harness.RunOnceAsync();

        var message = Assert.Single(harness.Smtp.Messages);
        Assert.Contains("Kyiv accepts truce at midnight", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("== ", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Sends, s => s.Error is not null);
        Assert.Contains(logs.Entries, e => e.Message.Contains("templates/digest.txt.liquid failed, its output passed", StringComparison.Ordinal));
        Assert.Contains("digest.txt.liquid", fallbacks);
    }
}
