using System.Globalization;
using System.Text;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Channels;

/// <summary>A worker harness wired to a <see cref="ChannelReceiver"/>: secrets in files, base URLs pointing at loopback.</summary>
internal sealed class ChannelTestSetup : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string BotToken = "123456:AAbot-token-secret";
    public const string NtfyToken = "tk_ntfysecrettoken";
    public const string SlackPath = "slack/T000/B000/slacksecretpath";

    private ChannelTestSetup(WorkerHarness harness, ChannelReceiver receiver, string secrets)
    {
        Harness = harness;
        Receiver = receiver;
        Secrets = secrets;
    }

    public WorkerHarness Harness { get; }

    public ChannelReceiver Receiver { get; }

    public string Secrets { get; }

    public static async Task<ChannelTestSetup> StartAsync(StoreBackend backend, string dataDirectory)
    {
        var harness = await WorkerHarness.StartAsync(backend, dataDirectory);
        var receiver = await ChannelReceiver.StartAsync();
        var secrets = TempDirectory.Create("secrets");
        File.WriteAllText(Path.Combine(secrets, "webhook"), WebhookSecret + "\n");
        File.WriteAllText(Path.Combine(secrets, "slack"), receiver.Url("/" + SlackPath) + "\n");
        File.WriteAllText(Path.Combine(secrets, "bot"), BotToken);
        File.WriteAllText(Path.Combine(secrets, "ntfy"), NtfyToken);
        harness.Set("Channels:TelegramApiUrl", receiver.Url("/telegram").ToString());
        harness.Set("Channels:NtfyUrl", receiver.Url("/ntfy").ToString());
        harness.Set("Smtp:MaxMessagesPerMinute", "0");
        return new ChannelTestSetup(harness, receiver, secrets);
    }

    /// <summary>A subscriber with email and all four channels.</summary>
    public string AllChannels(string email, string watches, string digest) => $$"""
          - email: {{email}}
            watches: {{watches}}
            digest: {{digest}}
            channels:
              - {type: webhook, url: "{{Receiver.Url("/hooks/" + email)}}", secret_file: "{{Path.Combine(Secrets, "webhook")}}"}
              - {type: slack, url_file: "{{Path.Combine(Secrets, "slack")}}"}
              - {type: telegram, token_file: "{{Path.Combine(Secrets, "bot")}}", chat_id: "-100123"}
              - {type: ntfy, topic: desk, token_file: "{{Path.Combine(Secrets, "ntfy")}}"}

        """;

    public static byte[] Rss(IEnumerable<(string Guid, string Title, string Summary)> items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>Wire</description>""");
        var published = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var n = 0;
        foreach (var (guid, title, summary) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{System.Security.SecurityElement.Escape(title)}</title><description>{System.Security.SecurityElement.Escape(summary)}</description><link>https://wire.example/{guid}</link><pubDate>{published.AddMinutes(++n):R}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Harness.DisposeAsync();
        TempDirectory.DeleteQuietly(Secrets);
    }
}
