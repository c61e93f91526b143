using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Http;
using NewsWatcher.Polling;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// Runs the real worker host (built by the same code as Program) against a config folder of the test's own,
/// a real feed server, a real SMTP server, and the embedded Garnet or real Redis.
/// Each run builds a fresh host, as a restart would.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;

    private WorkerHarness(string configDirectory, TestFeedServer feeds, TestSmtpServer smtp, Dictionary<string, string?> settings)
    {
        ConfigDirectory = configDirectory;
        Feeds = feeds;
        Smtp = smtp;
        _settings = settings;
    }

    public string ConfigDirectory { get; }

    public TestFeedServer Feeds { get; }

    public TestSmtpServer Smtp { get; }

    /// <summary>Services a test may swap (fault injection) before each run.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <param name="maxMessageSize">The SMTP server's message size limit in bytes (announced as SIZE, 552 beyond it); 0 for none.</param>
    public static async Task<WorkerHarness> StartAsync(StoreBackend backend, string dataDirectory, int maxMessageSize = 0)
    {
        var configDirectory = TempDirectory.Create("config");
        var feeds = await TestFeedServer.StartAsync();
        var smtp = await TestSmtpServer.StartAsync(maxMessageSize, TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Configuration"] = backend == StoreBackend.Garnet ? "" : StoreFixture.RequireUrl(backend),
            ["Storage:DataDirectory"] = dataDirectory,
            ["Storage:KeyPrefix"] = backend == StoreBackend.RedisCluster ? StoreFixture.UniqueClusterPrefix() : StoreFixture.UniquePrefix(),
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "NewsWatcher <alerts@newswatcher.test>",
            ["Polling:MaxJitter"] = "00:00:00",
            // The feed server is on loopback, which production refuses.
            ["Fetch:AllowPrivateNetworks"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",

            // A loaded test machine must not turn a healthy store's snapshot stale; the stalled-store test sets its own.
            ["Http:StatusStoreTimeout"] = "00:00:30",
        };
        return new WorkerHarness(configDirectory, feeds, smtp, settings);
    }

    /// <summary>Changes a setting for the runs from now on (e.g. point Smtp:Port at a fault proxy).</summary>
    public void Set(string key, string? value) => _settings[key] = value;

    public void WriteConfig(string fileName, string content) => File.WriteAllText(Path.Combine(ConfigDirectory, fileName), content);

    /// <summary>Builds (without starting) a one-shot host as Program does, with <see cref="ConfigureServices"/> applied.</summary>
    public Microsoft.Extensions.Hosting.IHost BuildHost(IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = NewsWatcherHost.CreateBuilder([], ConfigDirectory, EditorConfigLoader.Load(ConfigDirectory), scheduled: false, settings);
        ConfigureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Builds a host as Program does, runs the <c>once</c> command, and stops the host.</summary>
    public async Task<OnceReport> RunOnceAsync()
    {
        var editorConfig = EditorConfigLoader.Load(ConfigDirectory);
        var builder = NewsWatcherHost.CreateBuilder([], ConfigDirectory, editorConfig, scheduled: false, _settings);
        ConfigureServices?.Invoke(builder.Services);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            return await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Builds and starts a host as Program does, with the ops listener on a free loopback port. For <c>once</c>-style
    /// tests (<paramref name="scheduled"/> false) the listener is added the way <c>run</c> adds it.
    /// </summary>
    public async Task<IHost> StartHostAsync(bool scheduled)
    {
        var editorConfig = EditorConfigLoader.Load(ConfigDirectory);
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["Http:BindAddress"] = "127.0.0.1",
        };
        // A port that was free a moment ago: the listener itself treats 0 as "off".
        settings.TryAdd("Http:Port", TestSmtpServer.UnusedPort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var builder = NewsWatcherHost.CreateBuilder([], ConfigDirectory, editorConfig, scheduled, settings);
        if (!scheduled)
        {
            builder.Services.AddNewsWatcherHttp();
        }

        ConfigureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Feeds.DisposeAsync();
        await Smtp.DisposeAsync();
        TempDirectory.DeleteQuietly(ConfigDirectory);
    }
}
