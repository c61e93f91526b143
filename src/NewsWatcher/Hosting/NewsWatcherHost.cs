using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NewsWatcher.Configuration;
using NewsWatcher.Dedup;
using NewsWatcher.Delivery;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Diagnostics;
using NewsWatcher.Fetching;
using NewsWatcher.Http;
using NewsWatcher.Polling;
using NewsWatcher.Scheduling;
using NewsWatcher.Storage;

namespace NewsWatcher.Hosting;

/// <summary>Builds the worker host. Program and the integration tests both use this, so tests run the real wiring.</summary>
internal static class NewsWatcherHost
{
    /// <summary>The host environment (DOTNET_ENVIRONMENT, Production by default); it picks appsettings.{Environment}.json.</summary>
    public static string EnvironmentName => Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;

    /// <param name="args">Remaining command-line arguments: configuration overrides such as <c>--Smtp:Host=relay</c>.</param>
    /// <param name="configDirectory">The config folder: appsettings.json and the editor files.</param>
    /// <param name="editorConfig">Already loaded and validated editor files.</param>
    /// <param name="scheduled">True for the long-running worker (Quartz); false for one-shot commands.</param>
    /// <param name="overrides">Settings applied last (tests).</param>
    public static HostApplicationBuilder CreateBuilder(
        string[] args,
        string configDirectory,
        EditorConfig editorConfig,
        bool scheduled,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = Environment.CurrentDirectory,
            EnvironmentName = NewsWatcherHost.EnvironmentName,
        });

        AddSettingsSources(builder.Configuration, configDirectory, builder.Environment.EnvironmentName, args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var deprecated = new DeprecatedSettings(SettingAliases.Apply(builder.Configuration));

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // The formatter comes from Logging:Console:FormatterName (simple by default, json for log shippers).
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            o.UseUtcTimestamp = true;
        });
        if (!scheduled)
        {
            // A one-shot command's stdout is its result (once's summary, preview's paths): logs go to stderr, so
            // `newswatcher once > summary.txt` or a pipe gets the summary alone.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        // Host:ShutdownTimeout bounds a graceful stop (in-flight polls and sends finish first); keep the container's grace period above it.
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("Host"));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(deprecated);
        services.AddSingleton(Core.Retries.JitterSource.Shared);
        services.AddNewsWatcherEditorConfig(builder.Configuration, configDirectory, editorConfig);
        services.AddNewsWatcherStore(builder.Configuration);
        services.AddNewsWatcherDedup(builder.Configuration);
        services.AddNewsWatcherMail(builder.Configuration);
        services.AddNewsWatcherChannels(builder.Configuration);
        services.AddNewsWatcherFetching(builder.Configuration);
        services.AddNewsWatcherSchedulingOptions(builder.Configuration);
        services.AddNewsWatcherDiagnostics();
        services.AddNewsWatcherHttpOptions(builder.Configuration);
        services.AddNewsWatcherDelivery();
        services.AddNewsWatcherPolling();

        if (scheduled)
        {
            services.AddHostedService<DeprecatedSettingsLog>();
            services.AddNewsWatcherHttp();
            services.AddNewsWatcherScheduler(builder.Configuration);
        }

        return builder;
    }

    /// <summary>Settings sources, lowest precedence first: config/appsettings.json, config/appsettings.{Environment}.json, environment, command line.</summary>
    public static IConfigurationBuilder AddSettingsSources(IConfigurationBuilder configuration, string configDirectory, string environmentName, string[] args) =>
        configuration
            .AddJsonFile(Path.GetFullPath(Path.Combine(configDirectory, "appsettings.json")), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.GetFullPath(Path.Combine(configDirectory, $"appsettings.{environmentName}.json")), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
}
