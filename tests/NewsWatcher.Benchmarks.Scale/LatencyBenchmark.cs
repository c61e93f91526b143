// Latency benchmark: how long an item waits from publication until the worker has it (and, for an urgent match, wakes
// the alert sender), for the fixed schedule, adaptive polling and WebSub, and how many requests each makes.
//
//   dotnet run -c Release --project tests/NewsWatcher.Benchmarks.Scale -- latency [--quick] [--snapshot] [--mode fixed|adaptive|websub] [--redis HOST:PORT]
//
// Feeds are the dated corpus feeds of ../shared/corpus/feeds, repeated a day apart to make a hundred or more. Each
// publishes throughout the learning days and the measured days in its corpus feed's own rhythm: the feed's items,
// at their own times, repeated every whole number of days (its snapshot's span plus a mean gap, rounded up), so the
// hours of day stay real. A corpus feed is a snapshot of its last items, and a busy feed's 20 items span a few hours:
// placing the snapshot once (--snapshot, the benchmark's first form, kept for comparison) puts all of a busy feed's
// items in the last measured day and none in the learning days, so a learning poller meets a burst after days of a
// silence that is only the snapshot's edge, not the feed's habit.
// The clock is virtual (days pass in minutes), and everything else is real: the worker's FeedPoller, PollPolicy and
// adaptive interval, its HTTP fetcher against a Kestrel feed server on loopback (ETag / 304), and the store. WebSub
// feeds (every other feed names a hub) have an active subscription in the store, are polled at Polling:PushedInterval,
// and each item is pushed at its publication time through FeedPoller.PushAsync (the callback's path after the
// signature check); their delay is that call's wall-clock time.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Diagnostics;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Hosting;
using NewsWatcher.Polling;

internal static class LatencyBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args, string root)
    {
        var quick = args.Contains("--quick");
        var redisAt = Array.IndexOf(args, "--redis");
        var redis = redisAt >= 0 ? args[redisAt + 1] : Environment.GetEnvironmentVariable("REDIS_URL") ?? "";
        var window = quick ? TimeSpan.FromDays(2) : TimeSpan.FromDays(4);
        var warmup = quick ? TimeSpan.FromDays(2) : TimeSpan.FromDays(4);
        var copies = quick ? 2 : 4;
        var snapshot = args.Contains("--snapshot");

        var corpus = Path.Combine(root, "..", "shared", "corpus", "feeds");
        if (!Directory.Exists(corpus))
        {
            Console.Error.WriteLine($"the feed corpus is not at {corpus}");
            return 2;
        }

        // Each dated corpus feed's own publication times, moved by whole days so its latest item falls in the window's
        // last day: the hours of day stay as the feed published them.
        var end = Start + window;
        var snapshots = Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => FeedParser.Parse(File.ReadAllBytes(f), "t", Start))
            .Where(r => r.Succeeded)
            .Select(r => r.Articles.Where(a => !a.PublishedIsFirstSeen).Select(a => a.Published).Distinct().Order().ToArray())
            .Where(times => times.Length >= 5)
            .Select(times =>
            {
                var days = Math.Floor((end - times[^1]).TotalDays);
                return times.Select(t => t.AddDays(days)).ToArray();
            })
            .ToArray();
        var feeds = new List<SimFeed>();
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var times in snapshots)
            {
                // Further copies are the same feed a day earlier each: another day's items in the window, same hours.
                var n = feeds.Count;
                var shifted = snapshot
                    ? times.Select(t => t.AddDays(-copy)).Where(t => t > Start - warmup).ToArray()
                    : Repeat([.. times.Select(t => t.AddDays(-copy))], Start - warmup, end);
                if (shifted.Any(t => t > Start))
                {
                    feeds.Add(new SimFeed(n, shifted, Hub: n % 2 == 0));
                }
            }
        }

        Console.Error.WriteLine($"{(snapshot ? "snapshot placement" : "rhythm placement")}: {feeds.Count} feeds from {snapshots.Length} dated corpus feeds, {feeds.Sum(f => f.Times.Count(t => t > Start))} items in {window.TotalDays:0} measured days after {warmup.TotalDays:0} days of learning; store: {(redis.Length == 0 ? "embedded Garnet" : "Redis " + redis)}");
        // Where a tail can come from: an item after a long lull in its feed gives a poller nothing to foresee it by.
        var measured = feeds.SelectMany(f => f.Times.Select((t, j) => (Feed: f, J: j)).Where(x => x.Feed.Times[x.J] > Start)).ToList();
        var silent = Enumerable.Range(0, (int)(window / TimeSpan.FromMinutes(10))).Average(k => feeds.Count(f => !f.Times.Any(t => t <= Start + (k * TimeSpan.FromMinutes(10)) && t > Start + (k * TimeSpan.FromMinutes(10)) - Lull)));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * measured.Count(x => AfterLull(x.Feed, x.J)) / measured.Count:0.0} % of the items come after {Lull.TotalHours:0} h or more of their feed's silence; on average {silent:0} of {feeds.Count} feeds are that silent"));
        var results = new List<string>();
        var only = Array.IndexOf(args, "--mode");
        foreach (var mode in only >= 0 ? [args[only + 1]] : new[] { "fixed", "adaptive", "websub" })
        {
            var wall = Stopwatch.StartNew();
            var (p50, p95, requests) = await RunModeAsync(mode, feeds, warmup, window, redis, root);
            Console.Error.WriteLine($"{mode}: {wall.Elapsed.TotalSeconds:0} s wall");
            results.Add(string.Create(CultureInfo.InvariantCulture, $"{mode}_p50_s={p50:0.0} {mode}_p95_s={p95:0.0} {mode}_requests={requests}"));
        }

        Console.WriteLine(string.Join(' ', results));
        return 0;
    }

    private static async Task<(double P50, double P95, long Requests)> RunModeAsync(string mode, List<SimFeed> feeds, TimeSpan warmup, TimeSpan window, string redis, string root)
    {
        var clock = new VirtualClock(Start - warmup);
        long requests = 0;
        var firstServed = new ConcurrentDictionary<(int Feed, int Item), DateTimeOffset>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var server = builder.Build();
        server.MapGet("/feed/{n:int}", async (HttpContext context, int n) =>
        {
            var feed = feeds[n];
            var now = clock.GetUtcNow();
            if (now >= Start)
            {
                Interlocked.Increment(ref requests);
            }

            var visible = feed.Times.Count(t => t <= now);
            var etag = $"\"{visible}\"";
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            for (var j = 0; j < visible; j++)
            {
                firstServed.TryAdd((n, j), now);
            }

            context.Response.Headers.ETag = etag;
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            await context.Response.Body.WriteAsync(Body(feed, visible, Self(context.Request, n)), context.RequestAborted);
        });
        await server.StartAsync();
        var baseUrl = server.Urls.First();

        var config = Directory.CreateTempSubdirectory("newswatcher-latency-");
        var data = Directory.CreateTempSubdirectory("newswatcher-latency-data-");
        try
        {
            File.Copy(Path.Combine(root, "config", "watches.yaml"), Path.Combine(config.FullName, "watches.yaml"));
            File.Copy(Path.Combine(root, "config", "subscribers.yaml"), Path.Combine(config.FullName, "subscribers.yaml"));
            var yaml = new StringBuilder("feeds:\n");
            foreach (var feed in feeds)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - id: f{feed.N}\n    url: {baseUrl}/feed/{feed.N}\n    interval: 15m\n    adaptive: {(mode == "fixed" ? "false" : "true")}\n");
            }

            File.WriteAllText(Path.Combine(config.FullName, "feeds.yaml"), yaml.ToString());
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Configuration"] = redis,
                ["Storage:DataDirectory"] = data.FullName,
                ["Storage:KeyPrefix"] = "lat" + Guid.NewGuid().ToString("N")[..8] + ":",
                ["Fetch:AllowPrivateNetworks"] = "true",
                // Every feed is on the one loopback host here; in production they spread over many hosts.
                ["Polling:HostRequestsPerHour"] = "0",
                ["Logging:LogLevel:Default"] = "Error",
            };
            if (mode == "websub")
            {
                settings["Http:PublicUrl"] = "https://news.example.org/";
                settings["Http:TokenKey"] = new string('k', 40);
            }

            var hostBuilder = NewsWatcherHost.CreateBuilder([], config.FullName, EditorConfigLoader.Load(config.FullName), scheduled: false, settings);
            hostBuilder.Services.AddSingleton<TimeProvider>(clock);
            using var host = hostBuilder.Build();
            var poller = host.Services.GetRequiredService<FeedPoller>();
            var definitions = host.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds.ToDictionary(f => f.Id, StringComparer.Ordinal);
            var delays = new List<double>();
            if (mode == "websub")
            {
                // The handshake is WebSubSubscriberTests' business: here the hub feeds start subscribed.
                var store = host.Services.GetRequiredService<RedisWebSubStore>();
                foreach (var feed in feeds.Where(f => f.Hub))
                {
                    await store.SaveAsync(new WebSubSubscription($"f{feed.N}", new Uri("https://hub.example.org/"), new Uri($"{baseUrl}/feed/{feed.N}"), "secret") { State = WebSubState.Active, RequestedAt = Start - warmup, LeaseStarted = Start - warmup, LeaseEnds = Start + window + TimeSpan.FromDays(1) }, CancellationToken.None);
                }
            }

            // Events in virtual time: polls when each feed is next due (first ones spread over 15 minutes), pushes when published.
            var queue = new PriorityQueue<(int Feed, int Push), DateTimeOffset>();
            var spread = new Random(7);
            foreach (var feed in feeds)
            {
                queue.Enqueue((feed.N, -1), Start - warmup + TimeSpan.FromSeconds(spread.Next(0, 900)));
                if (mode == "websub" && feed.Hub)
                {
                    for (var j = 0; j < feed.Times.Length; j++)
                    {
                        if (feed.Times[j] > Start - warmup)
                        {
                            queue.Enqueue((feed.N, j), feed.Times[j]);
                        }
                    }
                }
            }

            var pushedDelay = new ConcurrentDictionary<(int Feed, int Item), double>();
            var end = Start + window;
            while (queue.TryDequeue(out var next, out var at) && at <= end)
            {
                clock.Set(at);
                var feed = feeds[next.Feed];
                var definition = definitions[$"f{feed.N}"];
                if (next.Push >= 0)
                {
                    var visible = next.Push + 1;
                    var pushClock = Stopwatch.StartNew();
                    await poller.PushAsync(definition, Body(feed, visible, new Uri($"{baseUrl}/feed/{feed.N}")), "utf-8", CancellationToken.None);
                    pushedDelay.TryAdd((feed.N, next.Push), pushClock.Elapsed.TotalSeconds);
                    continue;
                }

                var outcome = await poller.PollAsync(definition, honourNextPoll: true, CancellationToken.None);
                var due = outcome.Health?.NextPoll is { } nextPoll && nextPoll > at ? nextPoll : at + TimeSpan.FromMinutes(15);
                queue.Enqueue((feed.N, -1), due);
            }

            var gaps = new List<TimeSpan>();
            foreach (var feed in feeds)
            {
                for (var j = 0; j < feed.Times.Length; j++)
                {
                    // Items already there at the start were not waited for; items no poll reached count until the end.
                    if (feed.Times[j] <= Start)
                    {
                        continue;
                    }

                    gaps.Add(j == 0 ? TimeSpan.MaxValue : feed.Times[j] - feed.Times[j - 1]);
                    if (pushedDelay.TryGetValue((feed.N, j), out var pushed))
                    {
                        delays.Add(pushed);
                    }
                    else
                    {
                        var seen = firstServed.TryGetValue((feed.N, j), out var served) ? served : end;
                        delays.Add((seen - feed.Times[j]).TotalSeconds);
                    }
                }
            }

            var p95 = AlertDelay.Quantile(delays, 0.95) ?? 0;
            var tail = delays.Select((d, i) => gaps[i]).Where((_, i) => delays[i] >= p95).ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: the {tail.Count} items at or beyond p95 came after their feed's previous item by < 15 min: {tail.Count(g => g < TimeSpan.FromMinutes(15))}, 15 min - 1 h: {tail.Count(g => g >= TimeSpan.FromMinutes(15) && g < TimeSpan.FromHours(1))}, 1 - 4 h: {tail.Count(g => g >= TimeSpan.FromHours(1) && g < Lull)}, {Lull.TotalHours:0} h or more: {tail.Count(g => g >= Lull)}"));
            // And by how busy their feed is over the measured days.
            var perDay = feeds.SelectMany(f => f.Times.Where(t => t > Start).Select(_ => f.Times.Count(t => t > Start) / window.TotalDays)).ToList();
            var busy = perDay.Where((_, i) => delays[i] >= p95).ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: by their feed's items a day: < 5: {busy.Count(r => r < 5)}, 5 - 20: {busy.Count(r => r >= 5 && r < 20)}, 20 - 100: {busy.Count(r => r >= 20 && r < 100)}, 100 or more: {busy.Count(r => r >= 100)} (of all items: {perDay.Count(r => r < 5)}, {perDay.Count(r => r >= 5 && r < 20)}, {perDay.Count(r => r >= 20 && r < 100)}, {perDay.Count(r => r >= 100)})"));
            return (AlertDelay.Quantile(delays, 0.5) ?? 0, p95, Interlocked.Read(ref requests));
        }
        finally
        {
            config.Delete(recursive: true);
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The embedded store may still hold files open on the way out.
            }
        }
    }

    /// <summary>Silence before an item long enough that a feed's recent items say nothing about it.</summary>
    private static readonly TimeSpan Lull = TimeSpan.FromHours(4);

    private static bool AfterLull(SimFeed feed, int j) => j == 0 || feed.Times[j] - feed.Times[j - 1] >= Lull;

    private static Uri Self(HttpRequest request, int n) => new($"{request.Scheme}://{request.Host}/feed/{n}");

    /// <summary>The feed as it stands when <paramref name="visible"/> items are out: the newest 50, naming its hub when it has one.</summary>
    private static byte[] Body(SimFeed feed, int visible, Uri self)
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>Feed {feed.N}</title><link>https://feed{feed.N}.example/</link>");
        if (feed.Hub)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<atom:link rel=\"hub\" href=\"https://hub.example.org/\"/><atom:link rel=\"self\" href=\"{SecurityElement.Escape(self.ToString())}\"/>");
        }

        for (var j = visible - 1; j >= Math.Max(0, visible - 50); j--)
        {
            var title = j % 10 == 0 ? $"Truce violated near town {feed.N}-{j}" : $"Market report {feed.N}-{j}";
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>f{feed.N}-{j}</guid><title>{title}</title><link>https://feed{feed.N}.example/story/{j}</link><pubDate>{feed.Times[j].ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    /// <summary>
    /// The feed publishing in its snapshot's rhythm from <paramref name="from"/> to <paramref name="to"/>: the snapshot's
    /// items repeated every whole number of days (the span of the snapshot plus its mean gap, rounded up), so the hours
    /// of day stay real and the step from one repetition to the next is about a gap of the feed's own. The twenty items
    /// before <paramref name="from"/> are the history the worker's first fetch shows.
    /// </summary>
    private static DateTimeOffset[] Repeat(DateTimeOffset[] times, DateTimeOffset from, DateTimeOffset to)
    {
        var span = times[^1] - times[0];
        var period = TimeSpan.FromDays(Math.Max(1, Math.Ceiling((span + (span / (times.Length - 1))).TotalDays)));
        var all = new List<DateTimeOffset>();
        for (var k = 0; times[^1] - (k * period) > from - TimeSpan.FromDays(60); k++)
        {
            all.AddRange(times.Select(t => t - (k * period)).Where(t => t <= to));
        }

        var ordered = all.Distinct().Order().ToArray();
        var before = ordered.Count(t => t <= from);
        return ordered[Math.Max(0, before - 20)..];
    }

    private sealed record SimFeed(int N, DateTimeOffset[] Times, bool Hub);

    /// <summary>Virtual time: moves only when the benchmark says so; timers run on the system clock's default.</summary>
    private sealed class VirtualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);
    }
}
