using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>
/// Three worker processes on one PostgreSQL schedule and one Redis, feeds at a one-minute interval, one replica
/// SIGKILLed while it is fetching a feed. The feed server tells the replicas apart by their User-Agent.
/// </summary>
public sealed class ClusterFailoverTests : IAsyncDisposable
{
    private const int FeedCount = 6;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly string _work = TempDirectory.Create("cluster");
    private readonly ConcurrentQueue<FeedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<FeedRequest> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<AppProcess> _replicas = [];
    private string? _database;
    private string? _tablePrefix;
    private int _holding;

    [Fact]
    public async Task ThreeReplicas_OneKilledMidPoll_EveryFeedPolledOncePerIntervalAndEveryAlertDeliveredOncePerRecipient()
    {
        _database = PostgresDatabase.RequireConnectionString();
        var redis = StoreFixture.RedisUrl ?? SkipNoRedis();
        _tablePrefix = PostgresDatabase.UniqueTablePrefix();
        var token = TestContext.Current.CancellationToken;

        await using var feeds = await TestFeedServer.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync(token);
        var clock = Stopwatch.StartNew();
        var settings = WriteConfig(feeds, smtp, redis, clock);

        // All three start together on an empty database: each provisions the tables and reconciles the schedule.
        for (var i = 0; i < 3; i++)
        {
            var work = Path.Combine(_work, $"replica-{i}");
            Directory.CreateDirectory(work);
            var start = CliProcess.StartInfo(CliProcess.AppAssembly, work, ["run", "--config", Path.Combine(_work, "config"), .. settings, $"--Fetch:UserAgent=replica-{i}"]);
            _replicas.Add(new AppProcess(Process.Start(start)!));
        }

        // The second poll of any feed is held at the server, and the replica making it is killed there.
        var held = await _held.Task.WaitAsync(TimeSpan.FromMinutes(5), token);
        var victim = int.Parse(held.Replica["replica-".Length..], CultureInfo.InvariantCulture);
        _replicas[victim].Kill();
        var killedAt = clock.Elapsed;
        _release.SetResult();
        var victimFeeds = _requests.Where(r => r.At < killedAt).GroupBy(r => r.Path).Where(g => g.Last().Replica == held.Replica).Select(g => g.Key).ToList();

        // A new urgent article appears after the kill: the survivors must find and deliver it.
        _documents["/f1.xml"] = Document(1, ("late", "Kyiv accepts ceasefire at midnight"));

        // Two polls of every feed by the survivors after the kill: the second shows the recovered schedule keeps its
        // interval (a recovered job that also fired its own trigger early would show up here as a double poll).
        await WaitUntilAsync(() =>
            Enumerable.Range(0, FeedCount).All(i => _requests.Count(r => r.Path == $"/f{i}.xml" && r.At > killedAt && r.Replica != held.Replica) >= 2)
            && smtp.Messages.Count(m => (m.TextBody ?? "").Contains("Kyiv accepts ceasefire at midnight", StringComparison.Ordinal)) >= 2);

        var diagnostics = Diagnostics(held, killedAt, smtp);

        // Every feed polled once per interval across the cluster: two polls of one feed are never closer than the
        // interval, except the one the dead replica never finished, which another replica re-runs (recovery).
        foreach (var feed in _requests.Where(r => r != held).GroupBy(r => r.Path))
        {
            var times = feed.Select(r => r.At).Order().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= Interval * 0.95, $"{feed.Key} was polled twice within {times[i] - times[i - 1]}\n{diagnostics}");
            }
        }

        Assert.True(_requests.Any(r => r.Path == held.Path && r.At > killedAt && r.Replica != held.Replica), $"the killed poll of {held.Path} was not picked up\n{diagnostics}");
        Assert.All(victimFeeds, path => Assert.True(_requests.Any(r => r.Path == path && r.At > killedAt), $"{path} (last polled by the killed replica) was not polled after the kill\n{diagnostics}"));

        // Each urgent match reached each recipient exactly once, including the one found after the kill.
        foreach (var recipient in new[] { "desk@example.org", "editor@example.org" })
        {
            var bodies = smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == recipient)).Select(m => m.TextBody ?? "").ToList();
            foreach (var headline in new[] { "Kremlin accepts 30-day ceasefire proposal", "Kyiv accepts ceasefire at midnight" })
            {
                Assert.True(bodies.Count(b => b.Contains(headline, StringComparison.Ordinal)) == 1, $"{recipient} got '{headline}' {bodies.Count(b => b.Contains(headline, StringComparison.Ordinal))} times\n{diagnostics}");
            }
        }

        // The survivors saw the replica die and kept working: both still run.
        Assert.All(_replicas.Where((_, i) => i != victim), r => Assert.False(r.HasExited, r.Output));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        _release.TrySetResult();
        if (_database is not null && _tablePrefix is not null)
        {
            await PostgresDatabase.DropTablesAsync(_database, _tablePrefix);
        }

        TempDirectory.DeleteQuietly(_work);
    }

    private static string SkipNoRedis()
    {
        Assert.Skip($"Set {StoreFixture.RedisUrlVariable} to run the cluster test against a real Redis shared by the replicas.");
        return "";
    }

    private string[] WriteConfig(TestFeedServer feeds, TestSmtpServer smtp, string redis, Stopwatch clock)
    {
        var yaml = new StringBuilder("feeds:\n");
        for (var i = 0; i < FeedCount; i++)
        {
            var path = $"/f{i}.xml";
            _documents[path] = i == 0 ? Document(0, ("k1", "Kremlin accepts 30-day ceasefire proposal")) : Document(i);
            var url = feeds.Handle(path, context => ServeAsync(context, path, clock));
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: f{i}\n    url: {url}\n    interval: 1m\n");
        }

        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), yaml.ToString());
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: accepted\n    name: Truce accepted\n    category: acceptance\n    priority: urgent\n    any: [accepts]\n    all: [[ceasefire]]\n");
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), """
            subscribers:
              - email: desk@example.org
                name: Desk
                timezone: UTC
                watches: ["*"]
                digest: daily 07:00
                immediate: true
              - email: editor@example.org
                name: Editor
                timezone: UTC
                watches: ["*"]
                digest: daily 07:00
                immediate: true
            """);
        return
        [
            "--Http:Port=0",
            $"--Storage:Configuration={redis}", $"--Storage:KeyPrefix={StoreFixture.UniquePrefix()}",
            $"--Scheduling:Database={_database}", $"--Scheduling:TablePrefix={_tablePrefix}",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtp.Port}", "--Smtp:Security=None",
            "--Polling:MaxJitter=00:00:00", "--Polling:AlertInterval=00:00:05",
            "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Quartz=Information",
        ];
    }

    private async Task ServeAsync(HttpContext context, string path, Stopwatch clock)
    {
        var request = new FeedRequest(path, context.Request.Headers.UserAgent.ToString(), clock.Elapsed);
        var second = _requests.Any(r => r.Path == path);
        _requests.Enqueue(request);
        if (second && Interlocked.CompareExchange(ref _holding, 1, 0) == 0)
        {
            _held.SetResult(request);
            await _release.Task;
            return;
        }

        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        await context.Response.Body.WriteAsync(_documents[path]);
    }

    private static byte[] Document(int feed, params (string Guid, string Title)[] items)
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Feed {feed}</title><link>https://news{feed}.example.org/</link><description>d</description>");
        foreach (var (guid, title) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{title}</title><link>https://news{feed}.example.org/{guid}</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        // Generous: this bounds a hang, it does not measure speed (the schedule itself takes about three minutes).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            while (!condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"the cluster never got there:\n{string.Join('\n', _requests)}\n{string.Join("\n----\n", _replicas.Select(r => r.Output))}");
        }
    }

    private string Diagnostics(FeedRequest held, TimeSpan killedAt, TestSmtpServer smtp) =>
        $"held {held}, killed at {killedAt}\nrequests:\n{string.Join('\n', _requests)}\nmessages:\n{string.Join('\n', smtp.Messages.Select(m => $"{m.To} {m.Subject}"))}\n" +
        string.Join("\n----\n", _replicas.Select(r => r.Output));

    private sealed record FeedRequest(string Path, string Replica, TimeSpan At);
}
