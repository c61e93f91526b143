using System.Text;
using System.Text.Json;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Hosting;

/// <summary>The real executable's console logs: JSON when asked, fixed property names, and never a secret at any level.</summary>
public sealed class LoggingTests : IDisposable
{
    private const string SmtpSecret = "smtp-S3cret-never-logged";
    private const string RedisSecret = "redis-S3cret-never-logged";

    private readonly string _work = TempDirectory.Create("logging");

    [Fact]
    public async Task Once_JsonLogsAtTraceWithPasswordsFromFiles_EveryLineIsJsonAndNoneHoldsASecret()
    {
        using var redis = await RedisServerProcess.StartAsync("--requirepass", RedisSecret);
        await using var feeds = await TestFeedServer.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        smtp.RequiredPassword = SmtpSecret;
        var feed = feeds.Serve("/world.xml", Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title><link>https://news.example.org/</link><description>d</description>
            <item><guid>a1</guid><title>Ceasefire agreed in the south</title><link>https://news.example.org/a1</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
            </channel></rss>
            """));
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "appsettings.json"), """{ "Logging": { "LogLevel": { "Default": "Trace" }, "Console": { "FormatterName": "json" } } }""");
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: world\n    url: {feed}\n");
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: agreement\n    any: [ceasefire]\n");
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n    immediate: false\n");
        File.WriteAllText(Path.Combine(_work, "smtp_password"), SmtpSecret + "\n");
        File.WriteAllText(Path.Combine(_work, "redis_password"), RedisSecret + "\n");

        var result = await CliProcess.RunAsync(
            _work,
            "once",
            $"--Storage:Configuration={redis.Endpoint}",
            "--Storage:PasswordFile=redis_password",
            $"--Storage:KeyPrefix={StoreFixture.UniquePrefix()}",
            "--Smtp:Host=127.0.0.1",
            $"--Smtp:Port={smtp.Port}",
            "--Smtp:Security=None",
            "--Smtp:User=ops",
            "--Smtp:PasswordFile=smtp_password");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Single(smtp.Messages);
        Assert.Contains(smtp.Logins, login => login.Password == SmtpSecret);
        var output = result.Stdout + result.Stderr;
        string[] secrets = [SmtpSecret, RedisSecret, Convert.ToBase64String(Encoding.UTF8.GetBytes(SmtpSecret)), Convert.ToBase64String(Encoding.UTF8.GetBytes("\0ops\0" + SmtpSecret))];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));

        // once keeps stdout for its summary: the logs are on stderr.
        var entries = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        Assert.Contains(entries, e => e.GetProperty("LogLevel").GetString() == "Trace" || e.GetProperty("LogLevel").GetString() == "Debug");
        var polled = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 1000);
        Assert.Equal("world", polled.GetProperty("State").GetProperty("FeedId").GetString());
        Assert.True(polled.GetProperty("State").TryGetProperty("ElapsedMs", out _));
        var sent = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "NewsWatcher.Delivery.OutboxSender" && e.GetProperty("EventId").GetInt32() == 1100);
        Assert.Equal("desk@example.org", sent.GetProperty("State").GetProperty("Subscriber").GetString());
        Assert.StartsWith(TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-", System.Globalization.CultureInfo.InvariantCulture), sent.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }
}
