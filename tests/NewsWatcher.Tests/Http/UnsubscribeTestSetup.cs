using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using NewsWatcher.Http;
using NewsWatcher.Http.Public;
using NewsWatcher.Tests.Channels;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>A worker host with the public listener on loopback, mail as .eml files in an outbox, and two subscribers.</summary>
internal sealed class UnsubscribeTestSetup : IAsyncDisposable
{
    private readonly List<(string Guid, string Title, string Summary)> _articles = [];

    private UnsubscribeTestSetup(WorkerHarness harness, string outbox, string secrets, int publicPort)
    {
        Harness = harness;
        Outbox = outbox;
        Secrets = secrets;
        PublicPort = publicPort;
    }

    public WorkerHarness Harness { get; }

    public string Outbox { get; }

    public string Secrets { get; }

    public int PublicPort { get; }

    public IHost? Host { get; private set; }

    public Uri PublicUrl => new($"http://127.0.0.1:{PublicPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <param name="settings">Further settings, applied last.</param>
    /// <param name="subscribers">subscribers.yaml; two immediate email subscribers (desk and other) when null.</param>
    public static async Task<UnsubscribeTestSetup> StartAsync(string dataDirectory, int requestsPerMinute = 1000, IReadOnlyDictionary<string, string>? settings = null, string? subscribers = null)
    {
        var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, dataDirectory);
        var outbox = TempDirectory.Create("outbox");
        var secrets = TempDirectory.Create("secrets");
        File.WriteAllText(Path.Combine(secrets, "token-key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36)) + "\n");
        var port = TestSmtpServer.UnusedPort();
        harness.Set("Smtp:Host", "");
        harness.Set("MailFolder:Directory", outbox);
        harness.Set("Http:PublicPort", port.ToString(CultureInfo.InvariantCulture));
        harness.Set("Http:PublicUrl", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        harness.Set("Http:TokenKeyFile", Path.Combine(secrets, "token-key"));
        harness.Set("Http:PublicRequestsPerMinute", requestsPerMinute.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            harness.Set(key, value);
        }

        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", subscribers ?? """
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: immediate}
              - {email: other@example.org, name: Other, watches: ["*"], digest: immediate}
            """);
        var setup = new UnsubscribeTestSetup(harness, outbox, secrets, port);
        setup.Publish();
        setup.Host = await harness.StartHostAsync(scheduled: false);
        return setup;
    }

    /// <summary>Adds an article to the feed (served at the next poll).</summary>
    public void AddArticle(string guid, string title)
    {
        _articles.Add((guid, title, ""));
        Publish();
    }

    /// <summary>Every .eml written so far, by recipient.</summary>
    public IReadOnlyList<MimeMessage> Messages(string recipient) =>
        [.. Directory.GetFiles(Outbox, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => m.To.Mailboxes.Any(a => a.Address == recipient))];

    public HttpClient PublicClient() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host!.Services.GetRequiredService<PublicHttpServer>().Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The public link of one outbox (as its messages carry it), without sending anything.</summary>
    public Uri LinkFor(string routeId) =>
        Host!.Services.GetRequiredService<UnsubscribeLinks>().LinkFor(Host.Services.GetRequiredService<NewsWatcher.Subscribers.SubscriberDirectory>().FindRoute(routeId)!)!;

    /// <summary>The https (here http on loopback) link of List-Unsubscribe.</summary>
    public static Uri OneClickLink(MimeMessage message)
    {
        var header = message.Headers["List-Unsubscribe"] ?? "";
        var link = header.Split(',').Select(p => p.Trim().Trim('<', '>')).First(p => p.StartsWith("http", StringComparison.Ordinal));
        return new Uri(link);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync(CancellationToken.None);
            Host.Dispose();
        }

        await Harness.DisposeAsync();
        TempDirectory.DeleteQuietly(Outbox);
        TempDirectory.DeleteQuietly(Secrets);
    }

    private void Publish() =>
        Harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {Harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss(_articles))}\n");
}
