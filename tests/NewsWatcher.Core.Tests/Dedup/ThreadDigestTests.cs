using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Core.Tests.Delivery;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>A digest groups by truce thread, stage sections inside, each thread headed by where it stands and what developed since the last digest.</summary>
public sealed class ThreadDigestTests
{
    private static readonly DateTimeOffset Day = new(2025, 3, 11, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compose_Digest_ThreadsTogetherStagesInsideUnthreadedApart_ImportanceFirst()
    {
        var proposed = Development("proposal", "United States", Day, "US proposes 30-day ceasefire between Russia and Ukraine");
        var accepted = Development("acceptance", "Russia", Day.AddDays(2), "Kremlin accepts US truce plan in principle");
        var gaza = Development("agreement", null, Day.AddDays(1), "Israel and Hamas agree ceasefire");
        DigestItem[] items =
        [
            Item("1", proposed, Stamp("ru-ua", "Russia–Ukraine", proposed, [], isNew: true)),
            Item("2", accepted, Stamp("ru-ua", "Russia–Ukraine", accepted, [proposed], isNew: true)),
            Item("3", accepted with { Title = "Russia agrees to 30-day ceasefire, Kremlin says", At = Day.AddDays(2).AddHours(1) }, Stamp("ru-ua", "Russia–Ukraine", accepted, [proposed], isNew: false)),
            Item("4", gaza, Stamp("gaza", "Israel–Hamas (Gaza)", gaza, [], isNew: true)),
            DigestSamples.Item("5", "Ceasefire explained", Day) with { Stage = "violation" },
        ];

        var digest = DigestComposer.Compose("d-1", new Route(DigestSamples.Subscriber()), OutboxKind.Digest, items, Day.AddDays(3));

        Assert.Equal(
            [("violation", null), ("acceptance", "Russia–Ukraine"), ("proposal", "Russia–Ukraine"), ("agreement", "Israel–Hamas (Gaza)")],
            digest.Sections.Select(s => (s.Category, s.Thread?.Name)));
        var thread = digest.Sections[1].Thread!;
        Assert.Equal(("Accepted — Russia", true), (thread.Now, thread.IsFirst));
        Assert.Equal(["Proposed — United States, 11 Mar", "Accepted — Russia, 13 Mar"], thread.Since);
        Assert.False(digest.Sections[2].Thread!.IsFirst);
        Assert.Equal(["2", "3"], digest.Sections[1].Items.Select(i => i.Key).Order(StringComparer.Ordinal));

        var text = DigestRenderer.Render(digest, new Dictionary<string, string>()).Text;
        Assert.Contains("### Russia–Ukraine — now: Accepted — Russia ###\nSince the last digest: Proposed — United States, 11 Mar · Accepted — Russia, 13 Mar\n\n== Acceptance (2) ==", text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, "### Russia–Ukraine"));
        Assert.Equal("Russia–Ukraine · Acceptance (2)", Core.Delivery.ChannelText.Heading(digest.Sections[1]));
    }

    [Fact]
    public void Compose_Alert_KeepsStageSections()
    {
        var proposed = Development("proposal", "United States", Day, "US proposes ceasefire");

        var alert = DigestComposer.Compose("a-1", new Route(DigestSamples.Subscriber()), OutboxKind.Alert, [Item("1", proposed, Stamp("ru-ua", "Russia–Ukraine", proposed, [], isNew: true))], Day);

        Assert.Null(Assert.Single(alert.Sections).Thread);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static ThreadDevelopment Development(string stage, string? actor, DateTimeOffset at, string title) => new(stage, actor, at, title, "https://wire.example/" + at.Ticks, "wire", 1, []);

    private static ThreadStamp Stamp(string id, string name, ThreadDevelopment development, ThreadDevelopment[] earlier, bool isNew) => new(id, name, development, earlier, isNew);

    private static DigestItem Item(string id, ThreadDevelopment development, ThreadStamp stamp) =>
        DigestSamples.Item(id, development.Title, development.At) with { Stage = development.Stage, Actor = development.Actor, Thread = stamp };
}
