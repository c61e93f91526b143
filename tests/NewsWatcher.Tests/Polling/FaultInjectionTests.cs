using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NewsWatcher.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace NewsWatcher.Tests.Polling;

/// <summary>
/// Drives the real worker (a fresh host for every round, as after a restart) against real Redis through a seeded,
/// reproducible schedule of SMTP faults, and checks the delivery guarantees of DESIGN.md.
/// </summary>
public sealed partial class FaultInjectionTests : IClassFixture<StoreFixture>
{
    private const int Rounds = 14;

    // all: everything, urgent ones at once; violations: only that category, every match at once; talks: one watch, daily.
    private const string Subscribers = """
        subscribers:
          - {email: all@example.org, name: All, watches: ["*"], digest: hourly, immediate: true}
          - {email: violations@example.org, name: Violations, categories: [violation], digest: immediate}
          - {email: talks@example.org, name: Talks, watches: [talks], digest: daily 07:00, immediate: false}
        """;

    private static readonly Dictionary<string, string[]> FollowersByKind = new(StringComparer.Ordinal)
    {
        ["violated"] = ["all@example.org", "violations@example.org"],
        ["talks"] = ["all@example.org", "talks@example.org"],
        ["weather"] = [],
    };

    private readonly StoreFixture _store;

    public FaultInjectionTests(StoreFixture store)
    {
        _store = store;
    }

    public enum Fault
    {
        None,
        Reply451,
        Refuse,
        CutMidData,
        CutAfterData,
        CrashAfterAccept,
    }

    [Theory]
    [InlineData(20261125)]
    [InlineData(7)]
    public async Task Worker_RandomSmtpFaultsAndRestarts_EveryMatchDeliveredOnceOrResentWithSameMessageId(int seed)
    {
        if (StoreFixture.RedisUrl is null)
        {
            Assert.Skip($"Set {StoreFixture.RedisUrlVariable} (e.g. 127.0.0.1:6379) to run the fault-injection test against a real Redis; CI does.");
        }

        var log = TestContext.Current.TestOutputHelper!;
        var random = new Random(seed);
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Redis, _store.NewDataDirectory());
        await using var proxy = new SmtpFaultProxy(harness.Smtp.Port);
        harness.Set("Smtp:Port", proxy.Port.ToString(CultureInfo.InvariantCulture));
        harness.Set("Smtp:MaxMessagesPerMinute", "0");
        harness.Set("Smtp:Timeout", "00:00:10");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", Subscribers);
        var articles = new List<(int Number, string Kind)>();
        var url = harness.Feeds.Serve("/wire.xml", Rss(articles));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    name: Wire\n    url: {url}\n");
        var faultsPlanned = 0;

        for (var round = 1; round <= Rounds; round++)
        {
            for (var n = random.Next(0, 4); n > 0; n--)
            {
                articles.Add((articles.Count + 1, random.Next(5) switch { 0 or 1 => "violated", 2 or 3 => "talks", _ => "weather" }));
            }

            harness.Feeds.Serve("/wire.xml", Rss(articles));
            var fault = random.Next(10) < 4 ? Fault.None : (Fault)random.Next(1, 6);
            faultsPlanned += fault == Fault.None ? 0 : 1;
            log.WriteLine($"seed {seed} round {round}: {articles.Count} articles, fault {fault}");
            await RunRoundAsync(harness, proxy, fault);
        }

        // Faults over: the worker must catch up with everything it still owes.
        for (var round = 0; round < 3; round++)
        {
            await RunRoundAsync(harness, proxy, Fault.None);
        }

        log.WriteLine($"seed {seed}: {harness.Smtp.Messages.Count} messages accepted, {harness.Smtp.Offered.Count} offered, {proxy.FaultsInjected} connections broken, {faultsPlanned} faulty rounds");
        Assert.True(faultsPlanned > 0 && proxy.FaultsInjected + harness.Smtp.Offered.Count > harness.Smtp.Messages.Count, "the schedule injected no fault");

        // Who got which article in which message (by Message-ID).
        var received = new Dictionary<(string Subscriber, int Article), HashSet<string>>();
        foreach (var message in harness.Smtp.Messages)
        {
            var to = message.To.Mailboxes.Single().Address;
            foreach (Match token in Token().Matches(message.TextBody ?? ""))
            {
                var key = (to, int.Parse(token.Groups[1].Value, CultureInfo.InvariantCulture));
                if (!received.TryGetValue(key, out var ids))
                {
                    received[key] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(message.MessageId ?? "(none)");
            }
        }

        var resent = harness.Smtp.Messages.GroupBy(m => m.MessageId).Count(g => g.Count() > 1);
        log.WriteLine($"seed {seed}: {resent} messages reached their recipient twice, each time with the same Message-ID");
        foreach (var (number, kind) in articles)
        {
            foreach (var subscriber in new[] { "all@example.org", "violations@example.org", "talks@example.org" })
            {
                var follows = FollowersByKind[kind].Contains(subscriber);
                received.TryGetValue((subscriber, number), out var ids);
                if (follows)
                {
                    Assert.True(ids is { Count: > 0 }, $"seed {seed}: article {number} ({kind}) never reached {subscriber}");
                    Assert.True(ids.Count == 1, $"seed {seed}: article {number} reached {subscriber} in {ids.Count} different messages: {string.Join(", ", ids)}");
                }
                else
                {
                    Assert.True(ids is null, $"seed {seed}: article {number} ({kind}) reached {subscriber}, who does not follow it");
                }
            }
        }
    }

    private static async Task RunRoundAsync(WorkerHarness harness, SmtpFaultProxy proxy, Fault fault)
    {
        proxy.Fault = fault switch
        {
            Fault.Refuse => SmtpFault.Refuse,
            Fault.CutMidData => SmtpFault.CutMidData,
            Fault.CutAfterData => SmtpFault.CutAfterData,
            _ => SmtpFault.None,
        };
        harness.Smtp.Reply = fault == Fault.Reply451 ? TestSmtpServer.TransientFailure : SmtpResponse.Ok;
        harness.ConfigureServices = fault == Fault.CrashAfterAccept ? CrashAfterSendMailSender.Install : null;

        // A fresh host each round: every round is a restart of the worker.
        await harness.RunOnceAsync();
    }

    private static byte[] Rss(List<(int Number, string Kind)> articles)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>Wire</description>""");
        var published = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        foreach (var (number, kind) in articles)
        {
            var title = kind switch
            {
                "violated" => $"Truce violated near the front [n{number}]",
                "talks" => $"Truce talks resume in Riyadh [n{number}]",
                _ => $"Weather turns cold [n{number}]",
            };
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>n{number}</guid><title>{title}</title><link>https://wire.example/n{number}</link><pubDate>{published.AddMinutes(number):R}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    [GeneratedRegex(@"^\* .*\[n(\d+)\]\r?$", RegexOptions.Multiline)]
    private static partial Regex Token();
}
