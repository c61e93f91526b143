using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Http;
using NewsWatcher.Http.Public;
using OpenTelemetry.Metrics;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// A small Kestrel listener inside the worker: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> and the status page at <c>/</c>.
/// It has its own minimal web host (no MVC, no environment-driven URLs) and reads everything from the worker's services.
/// Registered before the scheduler, so it starts first and stops last.
/// </summary>
internal sealed class OpsHttpServer : IHostedService, IAsyncDisposable
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    private readonly HttpOptions _options;
    private readonly HealthCheckService _health;
    private readonly StatusSnapshotProvider _snapshots;
    private readonly EditorConfigProvider _config;
    private readonly MeterProvider _meterProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<OpsHttpServer> _logger;
    private WebApplication? _app;

    public OpsHttpServer(
        IOptions<HttpOptions> options,
        HealthCheckService health,
        StatusSnapshotProvider snapshots,
        EditorConfigProvider config,
        MeterProvider meterProvider,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _health = health;
        _snapshots = snapshots;
        _config = config;
        _meterProvider = meterProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<OpsHttpServer>();
    }

    /// <summary>The address the listener is bound to (with the real port when 0 was asked for); null when off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Port == 0)
        {
            Log.HttpOff(_logger);
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "NewsWatcher" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(HttpOptions.ParseAddress(_options.BindAddress)!, _options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(_loggerFactory);

        // The worker's host owns SIGTERM; a console lifetime here would close the listener before in-flight work ends.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            _meterProvider,
            context => context.Request.Path == "/metrics",
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                // Gauges read the latest snapshot: current, or stale after at most Http:StatusStoreTimeout when the store stalls.
                await _snapshots.GetAsync(context.RequestAborted).ConfigureAwait(false);
                await next(context).ConfigureAwait(false);
            }),
            optionsName: null);
        app.MapGet("/healthz", context => WriteHealthAsync(context, LiveTag));
        app.MapGet("/readyz", context => WriteHealthAsync(context, ReadyTag));
        app.MapGet("/", WriteStatusPageAsync);

        var bound = await ListenerStart.StartAsync(app, _options, _options.Port, "Http:Port", "the listener", cancellationToken).ConfigureAwait(false);
        _app = app;
        Address = bound is null ? null : new Uri(bound);
        Log.HttpListening(_logger, bound ?? $"{_options.BindAddress}:{_options.Port}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    /// <summary>Lets the outer host decide when to stop: no signal handling, no console messages.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private async Task WriteHealthAsync(HttpContext context, string tag)
    {
        var report = await _health.CheckHealthAsync(r => r.Tags.Contains(tag), context.RequestAborted).ConfigureAwait(false);

        // Degraded (an unreachable SMTP relay) is reported but does not fail: mail stays queued.
        var ok = report.Status != HealthStatus.Unhealthy;
        context.Response.StatusCode = ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", ok ? (tag == LiveTag ? "alive" : "ready") : (tag == LiveTag ? "dead" : "not_ready"));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status switch
            {
                HealthStatus.Healthy => "ok",
                HealthStatus.Degraded => "degraded",
                _ => "failing",
            });
            json.WriteString("reason", entry.Description ?? entry.Exception?.Message ?? "");
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteStatusPageAsync(HttpContext context)
    {
        var snapshot = await _snapshots.GetAsync(context.RequestAborted).ConfigureAwait(false);
        var html = StatusPage.Render(snapshot, _config.Current.FeedNames);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = StatusPage.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }
}
