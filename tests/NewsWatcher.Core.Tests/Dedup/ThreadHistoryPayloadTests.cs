using System.Text.Json;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Core.Tests.Delivery;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>Every alert carries its thread's earlier developments, with links: mail (text and HTML), Slack, Telegram, ntfy and the webhook.</summary>
public sealed class ThreadHistoryPayloadTests
{
    private const string Earlier = "Earlier: Proposed — United States, 11 Mar · Accepted — Russia, 13 Mar";
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal) { ["wire"] = "Wire" };

    private static readonly ThreadDevelopment Proposed = new("proposal", "United States", new DateTimeOffset(2025, 3, 11, 9, 0, 0, TimeSpan.Zero),
        "US proposes 30-day ceasefire between Russia and Ukraine", "https://wire.example/1", "wire", 1, []);

    private static readonly ThreadDevelopment Accepted = new("acceptance", "Russia", new DateTimeOffset(2025, 3, 13, 9, 0, 0, TimeSpan.Zero),
        "Kremlin accepts US truce plan <in principle>", "https://wire.example/2", "wire", 2, []);

    private static readonly ThreadDevelopment Violated = new("violation", "Russia", new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero),
        "Russia violates ceasefire hours after accepting it, Ukraine says", "https://wire.example/4", "wire", 1, []);

    [Fact]
    public void Mail_TextAndHtml_ListTheEarlierDevelopmentsWithHeadlinesAndLinks()
    {
        var rendered = DigestRenderer.Render(Alert(), FeedNames);

        Assert.Contains("Earlier in Russia–Ukraine:", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("- Proposed — United States, 11 Mar: US proposes 30-day ceasefire between Russia and Ukraine\n      https://wire.example/1", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("- Accepted — Russia, 13 Mar: Kremlin accepts US truce plan <in principle> (2 sources)", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Accepted — Russia, 13 Mar: <a href=\"https://wire.example/2\" style=\"color:#0b57d0;\">Kremlin accepts US truce plan &lt;in principle&gt;</a> (2 sources)", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_SlackTelegramNtfy_CarryTheEarlierLineWithLinks()
    {
        var digest = Alert();

        var slack = JsonDocument.Parse(Assert.Single(SlackChannel.Render(digest, FeedNames, null))).RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "section").Select(b => b.GetProperty("text").GetProperty("text").GetString());
        Assert.Contains(slack, t => t!.Contains("Earlier: <https://wire.example/1|Proposed — United States, 11 Mar> · <https://wire.example/2|Accepted — Russia, 13 Mar>", StringComparison.Ordinal));

        var telegram = Assert.Single(TelegramChannel.Texts(digest, FeedNames, null));
        Assert.Contains("Earlier: <a href=\"https://wire.example/1\">Proposed — United States, 11 Mar</a> · <a href=\"https://wire.example/2\">Accepted — Russia, 13 Mar</a>", telegram, StringComparison.Ordinal);

        var ntfy = JsonDocument.Parse(NtfyChannel.Render(digest, FeedNames, "truce", "https://news.example/u")).RootElement;
        Assert.Contains(Earlier, ntfy.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["Proposed — United States, 11 Mar", "Accepted — Russia, 13 Mar", "Unsubscribe"],
            ntfy.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("label").GetString()));
        Assert.Equal("https://wire.example/2", ntfy.GetProperty("actions")[1].GetProperty("url").GetString());
    }

    [Fact]
    public void Webhook_StoryWithIdNameDevelopmentAndEarlierDevelopments()
    {
        var item = JsonDocument.Parse(WebhookChannel.Render(Alert(), FeedNames, null)).RootElement.GetProperty("data").GetProperty("items")[0];

        var story = item.GetProperty("story");
        Assert.Equal(("thread-1", "Russia–Ukraine", true), (story.GetProperty("id").GetString(), story.GetProperty("name").GetString(), story.GetProperty("new_development").GetBoolean()));
        Assert.Equal("Violated — Russia", story.GetProperty("development").GetProperty("label").GetString());
        var developments = story.GetProperty("developments").EnumerateArray().ToList();
        Assert.Equal(["proposal", "acceptance"], developments.Select(d => d.GetProperty("stage").GetString()));
        Assert.Equal(["United States", "Russia"], developments.Select(d => d.GetProperty("actor").GetString()));
        Assert.Equal("Kremlin accepts US truce plan <in principle>", developments[1].GetProperty("title").GetString());
        Assert.Equal(("https://wire.example/2", 2), (developments[1].GetProperty("link").GetString(), developments[1].GetProperty("source_count").GetInt32()));
    }

    [Fact]
    public void ItemQueuedBeforeThreads_RendersInEveryChannelAsBefore()
    {
        var digest = DigestComposer.Compose("a-1", new Route(DigestSamples.Subscriber()), OutboxKind.Alert, [DigestSamples.Item("old", "Truce holds")], DigestSamples.Now);

        Assert.DoesNotContain("Earlier", DigestRenderer.Render(digest, FeedNames).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier", Assert.Single(SlackChannel.Render(digest, FeedNames, null)), StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier", Assert.Single(TelegramChannel.Texts(digest, FeedNames, null)), StringComparison.Ordinal);
        Assert.DoesNotContain("Earlier", NtfyChannel.Render(digest, FeedNames, "truce", null), StringComparison.Ordinal);
        var item = JsonDocument.Parse(WebhookChannel.Render(digest, FeedNames, null)).RootElement.GetProperty("data").GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, item.GetProperty("story").ValueKind);
    }

    private static Digest Alert()
    {
        var item = DigestSamples.Item("4", Violated.Title, Violated.At, link: Violated.Link, feedId: "wire") with
        {
            Stage = "violation",
            Actor = "Russia",
            Thread = new ThreadStamp("thread-1", "Russia–Ukraine", Violated, [Proposed, Accepted], IsNewDevelopment: true),
        };
        return DigestComposer.Compose("a-1", new Route(DigestSamples.Subscriber()), OutboxKind.Alert, [item], DigestSamples.Now);
    }
}
