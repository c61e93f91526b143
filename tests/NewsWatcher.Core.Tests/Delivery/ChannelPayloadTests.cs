using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed class ChannelPayloadTests
{
    private const string Hostile = "<b>Truce</b> & <!channel> <a href=\"javascript:alert(1)\">x</a> <@U123> *bold* \"quoted\"";
    private const string Unsubscribe = "https://news.example.org/u/TOKEN";
    private static readonly string[] TelegramTags = ["b", "i", "a"];
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal) { ["feed-1"] = "Wire <Desk> & Co" };

    [Fact]
    public void WebhookSignature_StandardWebhooksTestVector_Matches()
    {
        var key = WebhookSignature.ParseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;
        var body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

        var signature = WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        Assert.True(WebhookSignature.Verify(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v1,bogus " + signature));
        Assert.False(WebhookSignature.Verify(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, signature));
    }

    [Theory]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("whsec_not base64!")]
    [InlineData("")]
    public void WebhookSignature_BadSecret_Refused(string secret) => Assert.Null(WebhookSignature.ParseSecret(secret));

    [Fact]
    public void WebhookSignature_MessageId_StableAndFreeOfDots()
    {
        var id = WebhookSignature.MessageId("20261125T120000Z.alert.0a1b2c");

        Assert.Equal("msg_20261125T120000Z_alert_0a1b2c", id);
        Assert.DoesNotContain('.', id);
    }

    [Fact]
    public void WebhookPayload_HostileText_ValidJsonCarryingTheTextVerbatimAndEveryField()
    {
        var digest = Digest(HostileItem());

        using var json = JsonDocument.Parse(WebhookChannel.Render(digest, FeedNames, Unsubscribe));

        var root = json.RootElement;
        Assert.Equal(WebhookChannel.AlertType, root.GetProperty("type").GetString());
        var data = root.GetProperty("data");
        Assert.Equal("ana@example.org", data.GetProperty("subscriber").GetString());
        Assert.Equal(Unsubscribe, data.GetProperty("unsubscribe_url").GetString());
        var item = data.GetProperty("items")[0];
        Assert.Equal(Hostile, item.GetProperty("title").GetString());
        Assert.Equal("violation", item.GetProperty("category").GetString());
        Assert.Equal("Wire <Desk> & Co", item.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("link").ValueKind);
        var match = item.GetProperty("matches")[0];
        Assert.Equal("urgent", match.GetProperty("priority").GetString());
        Assert.Equal("Truce", match.GetProperty("words")[0].GetString());
        Assert.Equal(2, item.GetProperty("source_count").GetInt32());
        Assert.Equal("feed-2", item.GetProperty("story_sources")[0].GetProperty("feed").GetString());
    }

    [Fact]
    public void SlackPayload_HostileText_EscapedSoNoMentionOrLinkCanBeInjected()
    {
        var body = Assert.Single(SlackChannel.Render(Digest(HostileItem(), SafeItem()), FeedNames, Unsubscribe));
        using var json = JsonDocument.Parse(body);

        var blocks = json.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        var texts = blocks.Where(b => b.GetProperty("type").GetString() == "section").Select(b => b.GetProperty("text").GetProperty("text").GetString()!).ToList();
        var hostile = texts.Single(t => t.Contains("Truce", StringComparison.Ordinal) && t.Contains("channel", StringComparison.Ordinal));
        Assert.Contains("&lt;b&gt;Truce&lt;/b&gt; &amp; &lt;!channel&gt;", hostile, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", hostile, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U123>", hostile, StringComparison.Ordinal);
        Assert.Contains("Wire &lt;Desk&gt; &amp; Co", hostile, StringComparison.Ordinal);
        Assert.Contains(texts, t => t.Contains("*<https://news.example/safe|Truce holds>*", StringComparison.Ordinal));
        Assert.Contains($"<{Unsubscribe}|Unsubscribe", body.Replace("\\u003C", "<", StringComparison.Ordinal).Replace("\\u003E", ">", StringComparison.Ordinal).Replace("\\u0026", "&", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(json.RootElement.GetProperty("unfurl_links").GetBoolean());
    }

    [Fact]
    public void SlackPayload_MoreStoriesThanBlocksAllowed_SplitIntoMessagesWithinTheLimit()
    {
        var items = Enumerable.Range(1, 120).Select(i => DigestSamples.Item($"a{i}", $"Truce story {i}", link: $"https://news.example/{i}", matches: DigestSamples.Match("talks"))).ToArray();

        var messages = SlackChannel.Render(Digest(items), FeedNames, null);

        Assert.True(messages.Count >= 3);
        foreach (var message in messages)
        {
            using var json = JsonDocument.Parse(message);
            Assert.InRange(json.RootElement.GetProperty("blocks").GetArrayLength(), 3, SlackChannel.MaxBlocks);
        }

        var all = string.Concat(messages.Select(m => JsonDocument.Parse(m).RootElement.GetProperty("blocks").ToString()));
        Assert.All(Enumerable.Range(1, 120), i => Assert.Contains($"|Truce story {i}\\u003E", all, StringComparison.Ordinal));
    }

    [Fact]
    public void TelegramPayload_HostileText_EscapedAndOnlyOurTagsRemain()
    {
        var texts = TelegramChannel.Texts(Digest(HostileItem(), SafeItem()), FeedNames, Unsubscribe);

        var text = Assert.Single(texts);
        Assert.Contains("&lt;b&gt;Truce&lt;/b&gt; &amp; &lt;!channel&gt; &lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;", text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example/safe\">Truce holds</a>", text, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Unsubscribe}\">", text, StringComparison.Ordinal);
        AssertOnlyTelegramTags(text);
    }

    [Fact]
    public void TelegramPayload_LongDigest_SplitAt4096BetweenStoriesEveryStoryOnce()
    {
        var items = Enumerable.Range(1, 60)
            .Select(i => DigestSamples.Item($"a{i}", $"Truce story {i} & <more>", summary: new string('x', 200) + " <i>", link: $"https://news.example/{i}", matches: DigestSamples.Match("talks")))
            .ToArray();

        var texts = TelegramChannel.Texts(Digest(items), FeedNames, Unsubscribe);

        Assert.True(texts.Count > 1);
        Assert.All(texts, t => Assert.InRange(t.Length, 1, TelegramChannel.MaxLength));
        Assert.All(texts, AssertOnlyTelegramTags);
        var all = string.Join("\n", texts);
        Assert.All(Enumerable.Range(1, 60), i => Assert.Single(Regex.Matches(all, $">Truce story {i} &amp; &lt;more&gt;<")));
        Assert.Contains(Unsubscribe, texts[^1], StringComparison.Ordinal);
        var bodies = TelegramChannel.Render(Digest(items), FeedNames, "-100123", Unsubscribe);
        using var first = JsonDocument.Parse(bodies[0]);
        Assert.Equal(-100123, first.RootElement.GetProperty("chat_id").GetInt64());
        Assert.Equal("HTML", first.RootElement.GetProperty("parse_mode").GetString());
    }

    [Fact]
    public void TelegramPayload_OneStoryOfPathologicalLength_StillWithinTheLimit()
    {
        var monster = DigestSamples.Item("m", new string('&', 5000), summary: new string('<', 5000), link: "https://news.example/" + new string('a', 3000), matches: DigestSamples.Match("talks"));

        var texts = TelegramChannel.Texts(Digest(monster), FeedNames, null);

        Assert.All(texts, t => Assert.InRange(t.Length, 1, TelegramChannel.MaxLength));
    }

    [Fact]
    public void NtfyPayload_UrgentDigest_TitlePriorityClickAndPlainMessage()
    {
        using var json = JsonDocument.Parse(NtfyChannel.Render(Digest(HostileItem(), SafeItem()), FeedNames, "desk", Unsubscribe));

        var root = json.RootElement;
        Assert.Equal("desk", root.GetProperty("topic").GetString());
        Assert.Equal(NtfyChannel.UrgentPriority, root.GetProperty("priority").GetInt32());
        Assert.Equal("https://news.example/safe", root.GetProperty("click").GetString());
        Assert.Contains(Hostile, root.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', root.GetProperty("title").GetString()!);
        Assert.Equal(Unsubscribe, root.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public void NtfyPayload_NormalMatchesOnly_DefaultPriority()
    {
        using var json = JsonDocument.Parse(NtfyChannel.Render(Digest(SafeItem()), FeedNames, "desk", null));

        Assert.Equal(NtfyChannel.DefaultPriority, json.RootElement.GetProperty("priority").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("actions", out _));
    }

    [Fact]
    public void DiscordPayload_HostileText_EscapedNoMentionsParsedAndUnsubscribeLinked()
    {
        var body = Assert.Single(DiscordChannel.Render(Digest(HostileItem(), SafeItem()), FeedNames, Unsubscribe));
        using var json = JsonDocument.Parse(body);

        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embeds = root.GetProperty("embeds").EnumerateArray().ToList();
        Assert.Equal(2, embeds.Count);
        var hostile = embeds.Single(e => !e.TryGetProperty("url", out _)).GetProperty("description").GetString()!;
        Assert.Contains(@"\<b\>Truce\</b\> & \<!channel\>", hostile, StringComparison.Ordinal);
        Assert.Contains(@"\<\@U123\> \*bold\*", hostile, StringComparison.Ordinal);
        Assert.Equal("https://news.example/safe", embeds.Single(e => e.TryGetProperty("url", out _)).GetProperty("url").GetString());
        Assert.EndsWith($"[Unsubscribe or change preferences](<{Unsubscribe}>)", root.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DiscordPayload_ManyLongStories_SplitWithinEmbedContentAndTextLimitsEveryStoryOnce()
    {
        var items = Enumerable.Range(1, 45)
            .Select(i => DigestSamples.Item($"a{i}", $"Truce story {i}", summary: new string('x', 270), link: $"https://news.example/{i}", matches: DigestSamples.Match("talks")))
            .ToArray();

        var messages = DiscordChannel.Render(Digest(items), FeedNames, Unsubscribe);

        Assert.True(messages.Count >= 5);
        var titles = new List<string>();
        foreach (var message in messages)
        {
            using var json = JsonDocument.Parse(message);
            var embeds = json.RootElement.GetProperty("embeds").EnumerateArray().ToList();
            Assert.InRange(embeds.Count, 1, DiscordChannel.MaxEmbeds);
            Assert.InRange(embeds.Sum(e => e.GetProperty("title").GetString()!.Length + e.GetProperty("description").GetString()!.Length), 1, DiscordChannel.MaxEmbedTextLength);
            Assert.InRange(json.RootElement.GetProperty("content").GetString()!.Length, 1, DiscordChannel.MaxContentLength);
            titles.AddRange(embeds.Select(e => e.GetProperty("title").GetString()!));
        }

        Assert.Equal(Enumerable.Range(1, 45).Select(i => $"Truce story {i}").Order(StringComparer.Ordinal), titles.Order(StringComparer.Ordinal));
        Assert.Contains(Unsubscribe, messages[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(Unsubscribe, messages[0], StringComparison.Ordinal);
    }

    private static void AssertOnlyTelegramTags(string text)
    {
        foreach (Match tag in Regex.Matches(text, "<(/?)([a-z]+)"))
        {
            Assert.Contains(tag.Groups[2].Value, TelegramTags);
        }

        Assert.Equal(Regex.Count(text, "<b>"), Regex.Count(text, "</b>"));
        Assert.Equal(Regex.Count(text, "<a "), Regex.Count(text, "</a>"));
        Assert.Equal(Regex.Count(text, "<i>"), Regex.Count(text, "</i>"));
    }

    [Fact]
    public void Payloads_ItemWithStageAndActor_WebhookFieldsAndChatLinesCarryThem()
    {
        var staged = SafeItem() with { Stage = "acceptance", Actor = "Hamas <armed wing>" };
        var unstaged = DigestSamples.Item("u", "Talks resume", link: "https://news.example/u", matches: DigestSamples.Match("talks"));

        using var json = JsonDocument.Parse(WebhookChannel.Render(Digest(staged, unstaged), FeedNames, null));
        var items = json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray().ToList();
        var first = items.Single(i => i.GetProperty("id").GetString() == staged.Article.Id);
        Assert.Equal("acceptance", first.GetProperty("stage").GetString());
        Assert.Equal("Hamas <armed wing>", first.GetProperty("actor").GetString());
        var second = items.Single(i => i.GetProperty("id").GetString() == unstaged.Article.Id);
        Assert.Equal("talks", second.GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("actor").ValueKind);

        using var slack = JsonDocument.Parse(Assert.Single(SlackChannel.Render(Digest(staged), FeedNames, null)));
        var sections = slack.RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "section")
            .Select(b => b.GetProperty("text").GetProperty("text").GetString()!);
        Assert.Contains(sections, t => t.Contains("\nTruce accepted — Hamas &lt;armed wing&gt; · ", StringComparison.Ordinal));
        var telegram = string.Join("\n", TelegramChannel.Texts(Digest(staged), FeedNames, null));
        Assert.Contains("<i>Truce accepted — Hamas &lt;armed wing&gt; · ", telegram, StringComparison.Ordinal);
        using var ntfy = JsonDocument.Parse(NtfyChannel.Render(Digest(staged), FeedNames, "desk", null));
        Assert.Contains("(Truce accepted — Hamas <armed wing>)", ntfy.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static DigestItem HostileItem() =>
        DigestSamples.Item("h", Hostile, summary: Hostile, link: "javascript:alert(1)", matches: new WatchMatch("truce", "Truce <watch>", "violation", WatchPriority.Urgent, [new MatchedTerm("truce", "title", 3, 5)])) with
        {
            AlsoReportedBy = [new StorySource("feed-2", "Other", "https://other.example/x", DigestSamples.Now)],
        };

    private static DigestItem SafeItem() =>
        DigestSamples.Item("s", "Truce holds", link: "https://news.example/safe", matches: DigestSamples.Match("talks"));

    private static Digest Digest(params DigestItem[] items) =>
        DigestComposer.Compose("20261125T120000Z.alert.abc", new Route(DigestSamples.Subscriber()), OutboxKind.Alert, items, DigestSamples.Now);
}
