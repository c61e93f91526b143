using System.Text;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Delivery;

/// <summary>
/// Every kind's payloads, byte for byte, for a rich story (every part, text each markup must escape, a snippet past
/// its cap), a bare one, a digest with headings and omissions, a story too big for the kinds' limits, and a digest too long for one message. The expected
/// bodies are in Delivery/Payloads/&lt;kind&gt;.txt; a change to any byte fails here and leaves the actual text beside
/// the test binary (Payloads/&lt;kind&gt;.actual.txt) to compare.
/// </summary>
public sealed class ChannelPayloadPinTests
{
    private const string Unsubscribe = "https://news.example.org/u/TOKEN?a=1&b=(2)|3";
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal)
    {
        ["feed-1"] = "Wire <Desk> & *Co*",
        ["feed-2"] = "Other_Outlet [intl]",
    };

    public static TheoryData<string> Kinds => [.. ChannelKinds.All.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_PinnedCases_ByteIdenticalToThePinnedPayloads(string kind)
    {
        var channel = new ChannelSettings("desk", ChannelKinds.Find(kind)!, 1) { ChatId = "-100123", Topic = "desk" };
        var actual = new StringBuilder();
        foreach (var (name, digest, unsubscribe) in Cases())
        {
            actual.Append("## ").Append(name).Append('\n');
            foreach (var body in ChannelRenderer.Render(channel, digest, FeedNames, unsubscribe))
            {
                actual.Append(body).Append('\n');
            }

            actual.Append('\n');
        }

        var directory = Path.Combine(AppContext.BaseDirectory, "Delivery", "Payloads");
        var expectedPath = Path.Combine(directory, kind + ".txt");
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (expected != actual.ToString())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, kind + ".actual.txt"), actual.ToString());
        }

        Assert.Equal(expected, actual.ToString());
    }

    private static IEnumerable<(string Name, Digest Digest, string? Unsubscribe)> Cases()
    {
        var helsinki = DigestSamples.Subscriber(DigestSamples.Helsinki);
        yield return ("rich-alert", Compose(helsinki, OutboxKind.Alert, Rich()), Unsubscribe);
        yield return ("bare-alert", Compose(DigestSamples.Subscriber(), OutboxKind.Alert, Bare(), Unmatched()), null);
        yield return ("digest", Compose(helsinki with { MaxItems = 3 }, OutboxKind.Digest, Rich(), Bare(), Heavy(), Unmatched(), Plain("p1"), Plain("p2")), Unsubscribe);
        yield return ("oversize-alert", Compose(helsinki, OutboxKind.Alert, Oversize()), Unsubscribe);
        yield return ("split-digest", Compose(helsinki, OutboxKind.Digest, [.. Enumerable.Range(1, 60).Select(Many)]), Unsubscribe);
    }

    private static Digest Compose(Subscriber subscriber, OutboxKind outbox, params DigestItem[] items) =>
        DigestComposer.Compose("20261125T120000Z.pin.abc", new Route(subscriber), outbox, items, DigestSamples.Now);

    /// <summary>Every part present, with what Slack, Telegram and Discord each escape, and a snippet past its cap.</summary>
    private static DigestItem Rich()
    {
        var title = "Truce *holds* in <Gaza> & [north] — talks_resume @everyone | `ok` ~x~ #1 (2)";
        var summary = "Envoys said the <truce> & the \"corridor\" held overnight; *no* shelling_reported near [Rafah] (local time) — "
            + string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var earlier = new[]
        {
            Development("proposal", "United States", -4, "https://news.example/p?x=1&y=<2>|z"),
            Development("acceptance", "Israel <cabinet>", -2, null),
        };
        return new DigestItem(
            new Article("rich", "feed-1", title, summary, "https://news.example/a?x=1&y=(2)|z w", DigestSamples.Now.AddHours(-1)),
            [
                new WatchMatch("truce", "Truce <watch>", "violation", WatchPriority.Urgent, [new MatchedTerm("truce", "title", 0, 5), new MatchedTerm("corridor", "summary", 30, 8)]),
                new WatchMatch("gaza", "Gaza & *co*", "talks", WatchPriority.Normal, [new MatchedTerm("gaza", "title", 17, 4)]),
            ])
        {
            Stage = "acceptance",
            Actor = "Hamas <armed wing> & *allies*",
            AlsoReportedBy =
            [
                new StorySource("feed-2", "Other take", "https://other.example/x", DigestSamples.Now),
                new StorySource("feed-3", "Third take", null, DigestSamples.Now),
            ],
            Thread = new ThreadStamp("t1", "Israel–Hamas <ceasefire>", Development("acceptance", "Hamas", 0, "https://news.example/a"), earlier, IsNewDevelopment: true)
            {
                Url = "https://news.example.org/story/t1?sig=a|b&c=<d> (e)",
            },
        };
    }

    /// <summary>Only a title: no link, summary, stage, thread or other outlets.</summary>
    private static DigestItem Bare() =>
        new(new Article("bare", "feed-9", "Talks resume | day <2>", "", null, DigestSamples.Now.AddHours(-3)), [DigestSamples.Match("talks")]);

    /// <summary>No match at all (nothing to say why it matched).</summary>
    private static DigestItem Unmatched() =>
        new(new Article("none", "feed-2", "Nothing matched", "Plain words.", "https://news.example/none", DigestSamples.Now.AddHours(-5)), []);

    private static DigestItem Plain(string id) =>
        DigestSamples.Item(id, $"Plain story {id}", published: DigestSamples.Now.AddDays(-1), summary: "Quiet.", link: $"https://news.example/{id}", matches: DigestSamples.Match("other"));

    /// <summary>Text that escapes to several times its length: Telegram drops the snippet to stay within half a message.</summary>
    private static DigestItem Heavy() =>
        new DigestItem(
            new Article("heavy", "feed-1", new string('&', 300), new string('<', 400), "https://news.example/heavy", DigestSamples.Now.AddHours(-2)),
            [new WatchMatch("truce", "Truce " + new string('>', 200), "violation", WatchPriority.Normal, [])])
        {
            AlsoReportedBy = [new StorySource("feed-2", "Other", null, DigestSamples.Now)],
        };

    /// <summary>Heavy text and a long history with long links: past Discord's description and Telegram's half message, Slack's section cut.</summary>
    private static DigestItem Oversize()
    {
        var earlier = Enumerable.Range(1, 30)
            .Select(i => Development(i % 2 == 0 ? "proposal" : "violation", "Side <" + new string('*', 40) + ">", -60 + i, $"https://news.example/{new string('h', 150)}/{i}?a=<b>&c=(d)|e"))
            .ToList();
        return new DigestItem(
            new Article("huge", "feed-1", new string('*', 250), new string('<', 400), "https://news.example/huge", DigestSamples.Now),
            [new WatchMatch("truce", "Truce " + new string('_', 300), "violation", WatchPriority.Urgent, [])])
        {
            Stage = "violation",
            Actor = "Side <" + new string('#', 60) + ">",
            AlsoReportedBy = [new StorySource("feed-2", "Other", null, DigestSamples.Now)],
            Thread = new ThreadStamp("t2", "Long <war>", Development("violation", null, 0, null), earlier, IsNewDevelopment: true)
            {
                Url = "https://news.example.org/story/t2?sig=" + new string('s', 100),
            },
        };
    }

    /// <summary>One of many: enough of them split every kind into several messages (ntfy cuts its list short).</summary>
    private static DigestItem Many(int i) =>
        DigestSamples.Item($"m{i}", $"Story {i} <of many>", published: DigestSamples.Now.AddMinutes(-i), summary: $"Summary {i} & " + new string('s', 150), link: $"https://news.example/m/{i}", matches: DigestSamples.Match(i % 3 == 0 ? "violation" : "talks", terms: new MatchedTerm("Story", "title", 0, 5)));

    private static ThreadDevelopment Development(string stage, string? actor, int days, string? link) =>
        new(stage, actor, DigestSamples.Now.AddDays(days), $"{stage} title", link, "feed-1", 1, []);
}
