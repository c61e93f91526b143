// Scale benchmark: N generated feeds served by Kestrel on loopback, one full poll cycle of the real pipeline
// (NewsWatcherHost wiring, FeedPoller: fetch, parse, match, dedup, enqueue, health) against Redis.
//
//   dotnet run -c Release --project tests/NewsWatcher.Benchmarks.Scale -- --feeds 1000 [--redis 127.0.0.1:6379]
//
// Without --redis (or REDIS_URL) it runs on the embedded Garnet store. Feeds are built from the real feeds in
// ../shared/corpus/feeds (their item counts, titles and summaries; links and guids made unique per feed). Of the
// feeds, 10 % answer 304, 5 % answer 500, and 2 % answer only after 2 s. --cycles 2 polls everything again: the
// server sends no validators, so the second cycle refetches every body and finds every item already seen.
using System.Diagnostics;
using System.Diagnostics.Metrics;
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
using NewsWatcher.Core.Parsing;
using NewsWatcher.Hosting;
using NewsWatcher.Polling;
using NewsWatcher.Storage;

// "scheduler": the clustered-schedule benchmark (SchedulerBenchmark.cs); "scheduler-replica" is one of its replicas.
switch (args.FirstOrDefault())
{
    case "scheduler":
        return await SchedulerBenchmark.RunAsync(args[1..]);
    case "scheduler-replica":
        return await SchedulerBenchmark.ReplicaAsync(args[1..]);
    case "latency":
        return await LatencyBenchmark.RunAsync(args[1..], FindRepositoryRoot());
}

var feedCount = 1000;
var redis = Environment.GetEnvironmentVariable("REDIS_URL") ?? "";
var concurrency = 64;
var cycles = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--feeds":
            feedCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--redis":
            redis = args[++i];
            break;
        case "--cycles":
            cycles = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--concurrency":
            concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

var root = FindRepositoryRoot();
var corpus = Path.Combine(root, "..", "shared", "corpus", "feeds");
if (!Directory.Exists(corpus))
{
    Console.Error.WriteLine($"the feed corpus is not at {corpus}");
    return 2;
}

// Templates: every corpus feed that parses with items, as (title, summary) lists.
var firstSeen = TimeProvider.System.GetUtcNow();
var templates = Directory.EnumerateFiles(corpus, "*.*", SearchOption.AllDirectories)
    .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
    .Order(StringComparer.Ordinal)
    .Select(f => FeedParser.Parse(File.ReadAllBytes(f), "t", firstSeen))
    .Where(r => r.Succeeded && r.Articles.Count > 0)
    .Select(r => r.Articles.Take(200).Select(a => (a.Title, a.Summary)).ToArray())
    .ToArray();

byte[] FeedBody(int n)
{
    var items = templates[n % templates.Length];
    var xml = new StringBuilder(64 * 1024);
    xml.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Feed {n}</title><link>https://feed{n}.example/</link>");
    for (var j = 0; j < items.Length; j++)
    {
        var published = firstSeen.AddMinutes(-j * 7).ToString("R", CultureInfo.InvariantCulture);
        xml.Append(CultureInfo.InvariantCulture, $"<item><guid>f{n}-{j}</guid><title>{SecurityElement.Escape(items[j].Title)}</title><link>https://feed{n}.example/story/{j}</link><description>{SecurityElement.Escape(items[j].Summary)}</description><pubDate>{published}</pubDate></item>");
    }

    return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
}

// The server generates each body on request (in this process: its CPU and memory are in the figures too).
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
builder.Logging.ClearProviders();
await using var server = builder.Build();
server.MapGet("/feed/{n:int}", async (HttpContext context, int n) =>
{
    if (n % 10 == 3)
    {
        context.Response.StatusCode = StatusCodes.Status304NotModified;
        return;
    }

    if (n % 20 == 7)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return;
    }

    if (n % 50 == 11)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
    }

    context.Response.ContentType = "application/rss+xml; charset=utf-8";
    await context.Response.Body.WriteAsync(FeedBody(n), context.RequestAborted);
});
await server.StartAsync();
var baseUrl = server.Urls.First();

// The worker's config folder: N feeds, the shipped watches and subscribers.
var config = Directory.CreateTempSubdirectory("newswatcher-scale-");
var data = Directory.CreateTempSubdirectory("newswatcher-scale-data-");
try
{
    File.Copy(Path.Combine(root, "config", "watches.yaml"), Path.Combine(config.FullName, "watches.yaml"));
    File.Copy(Path.Combine(root, "config", "subscribers.yaml"), Path.Combine(config.FullName, "subscribers.yaml"));
    var feedsYaml = new StringBuilder("feeds:\n");
    for (var n = 0; n < feedCount; n++)
    {
        feedsYaml.Append(CultureInfo.InvariantCulture, $"  - id: feed-{n}\n    url: {baseUrl}/feed/{n}\n");
    }

    File.WriteAllText(Path.Combine(config.FullName, "feeds.yaml"), feedsYaml.ToString());
    var settings = new Dictionary<string, string?>
    {
        ["Storage:Configuration"] = redis,
        ["Storage:DataDirectory"] = data.FullName,
        ["Storage:KeyPrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8] + ":",
        ["Fetch:AllowPrivateNetworks"] = "true",
        ["Fetch:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        // Every feed lives on the one loopback host here; in production they spread over many hosts.
        ["Fetch:MaxConcurrencyPerHost"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Error",
    };
    using var host = NewsWatcherHost.CreateBuilder([], config.FullName, EditorConfigLoader.Load(config.FullName), scheduled: false, settings).Build();
    var poller = host.Services.GetRequiredService<FeedPoller>();
    var feeds = host.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds;
    await host.Services.GetRequiredService<RedisConnection>().GetDatabaseAsync(CancellationToken.None); // connect (or start Garnet) before timing

    long roundTrips = 0;
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == StoreMetrics.MeterName)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref roundTrips, value));
    listener.Start();

    Console.WriteLine($"store: {(redis.Length == 0 ? "embedded Garnet" : "Redis " + redis)}; concurrency {concurrency}; {Environment.ProcessorCount} cores");
    Console.WriteLine("| cycle | feeds | wall time | CPU time | peak working set | store round trips per feed | outcome |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (var cycle = 1; cycle <= cycles; cycle++)
    {
        GC.Collect();
        Interlocked.Exchange(ref roundTrips, 0);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<PollOutcome>();
        await Parallel.ForEachAsync(feeds, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (feed, token) =>
            outcomes.Add(await poller.PollAsync(feed, token)));
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var byStatus = string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {cycle} | {feedCount:N0} | {wall.Elapsed.TotalSeconds:0.0} s | {cpu.TotalSeconds:0.0} s | {process.PeakWorkingSet64 / (1024.0 * 1024):0} MB | {(double)Interlocked.Read(ref roundTrips) / feedCount:0.00} | {byStatus}; {outcomes.Sum(o => o.Articles):N0} articles, {outcomes.Sum(o => o.NewArticles):N0} new, {outcomes.Sum(o => o.Deliveries)} deliveries |"));
    }

    // Where the time goes: the same bodies through the pure stages alone, single-threaded, after the cycles.
    var config0 = host.Services.GetRequiredService<EditorConfigProvider>().Current;
    var sample = Math.Min(feedCount, 1000);
    var sampleBodies = Enumerable.Range(0, sample).Select(FeedBody).ToArray();
    var parseClock = Stopwatch.StartNew();
    var parsedSample = sampleBodies.Select(b => FeedParser.Parse(b, "s", firstSeen)).ToArray();
    parseClock.Stop();
    var matchClock = Stopwatch.StartNew();
    var matches = parsedSample.SelectMany(r => r.Articles).Sum(a => config0.Watches.Match(a).Count);
    matchClock.Stop();
    var articlesInSample = parsedSample.Sum(r => r.Articles.Count);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"stages on {sample} feeds ({articlesInSample} articles), one thread: parse {parseClock.Elapsed.TotalMilliseconds / articlesInSample * 1000:0} µs/article, match {matchClock.Elapsed.TotalMilliseconds / articlesInSample * 1000:0} µs/article ({matches} matches)"));
    return 0;
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
        // The embedded store may still hold files open on the way out; the temp folder is cleaned by the OS.
    }
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "NewsWatcher.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("NewsWatcher.sln not found above " + AppContext.BaseDirectory);
}
