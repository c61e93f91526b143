using System.Text.Json;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using static NewsWatcher.Core.Tests.Delivery.DigestSamples;

namespace NewsWatcher.Core.Tests.Delivery;

/// <summary>What a reader is told about why a story matched: the article's words and the one watch that decided its stage.</summary>
public sealed class MatchReasonTests
{
    private const string Title = "Kremlin rejects cease-fire proposal";

    // A rejection that the generic "proposed" watch also matched (its rule says propos*, cease-fire*, plan).
    private static readonly WatchMatch Proposed = new("truce-proposed", "Cease-fire proposed", "proposal", WatchPriority.Normal,
        [new MatchedTerm("cease-fire*", "title", 16, 10), new MatchedTerm("propos*", "title", 27, 8)]);

    private static readonly WatchMatch Rejected = new("truce-rejected", "Cease-fire rejected", "rejection", WatchPriority.Urgent,
        [new MatchedTerm("reject*", "title", 8, 7), new MatchedTerm("cease-fire*", "title", 16, 10), new MatchedTerm("\"cease fire\"", "link", 0, 0)]);

    private static DigestItem Rejection() => Item("r", Title, matches: [Proposed, Rejected]) with { Stage = "rejection" };

    [Fact]
    public void Line_RejectionAlsoMatchedByGenericWatch_NamesTheDecidingWatchAndTheArticlesWords()
    {
        var line = MatchReason.Line(Rejection());

        Assert.Equal("Matched: Cease-fire rejected — “rejects”, “cease-fire”, “cease fire”", line);
    }

    [Fact]
    public void Mail_TextAndHtml_ShowWordsNotRuleSyntaxNorTheGenericWatch()
    {
        var rendered = DigestRenderer.Render(Compose(Rejection()), new Dictionary<string, string>());

        foreach (var part in new[] { rendered.Text, rendered.Html })
        {
            Assert.Contains("Cease-fire rejected", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Cease-fire proposed", part, StringComparison.Ordinal);
            Assert.DoesNotContain("propos*", part, StringComparison.Ordinal);
            Assert.DoesNotContain("terms:", part, StringComparison.Ordinal);
        }

        // The marked words are the words the line names: "proposal" (the generic watch's) is not marked.
        Assert.DoesNotContain(">proposal</mark>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains(">rejects</mark>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_AndWebhook_ShowWordsAndTheDecidingWatchOnly()
    {
        var digest = Compose(Rejection());
        var slack = string.Join("\n", SlackChannel.Render(digest, new Dictionary<string, string>(), null));
        var telegram = string.Join("\n", TelegramChannel.Render(digest, new Dictionary<string, string>(), "42", null));

        foreach (var text in new[] { slack, telegram })
        {
            Assert.Contains("Cease-fire rejected", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Cease-fire proposed", text, StringComparison.Ordinal);
            Assert.DoesNotContain("propos*", text, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(WebhookChannel.Render(digest, new Dictionary<string, string>(), null));
        var match = Assert.Single(json.RootElement.GetProperty("data").GetProperty("items")[0].GetProperty("matches").EnumerateArray());
        Assert.Equal("truce-rejected", match.GetProperty("watch").GetString());
        Assert.Equal(["rejects", "cease-fire", "cease fire"], match.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public void Deciding_NoWatchOfTheStage_MostImportantCategory()
    {
        var item = Item("x", Title, matches: [Proposed, Rejected]) with { Stage = "other" };

        Assert.Equal("truce-rejected", MatchReason.Deciding(item)!.WatchId);
    }
}
