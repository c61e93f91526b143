using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewsWatcher.Diagnostics;
using NewsWatcher.Http.Ops;
using NewsWatcher.Http.Public;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NewsWatcher.Http;

internal static class HttpServiceCollectionExtensions
{
    /// <summary>
    /// The ops listener: health checks, the Prometheus exporter over the NewsWatcher meter, and the Kestrel listener
    /// (a hosted service: register it before the scheduler so it starts first and stops last).
    /// Needs <see cref="AddNewsWatcherHttpOptions"/>, which the host registers for every command.
    /// </summary>
    public static IServiceCollection AddNewsWatcherHttp(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.LivenessName, tags: [OpsHttpServer.LiveTag])
            .AddCheck<ConfigHealthCheck>("config", tags: [OpsHttpServer.ReadyTag])
            .AddCheck<StoreHealthCheck>("store", tags: [OpsHttpServer.ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [OpsHttpServer.ReadyTag])
            .AddCheck<SchedulerStoreHealthCheck>("scheduler_store", tags: [OpsHttpServer.ReadyTag])
            .AddCheck<SmtpHealthCheck>("smtp", tags: [OpsHttpServer.ReadyTag]);

        services.AddSingleton(sp =>
        {
            // Only this host's meter: tests run several hosts in one process, each with its own meter of the same name.
            var meter = sp.GetRequiredService<NewsWatcherMetrics>().Meter;
            return Sdk.CreateMeterProviderBuilder()
                .AddMeter(NewsWatcherMetrics.MeterName)
                .AddView(instrument => ReferenceEquals(instrument.Meter, meter) ? null : MetricStreamConfiguration.Drop)
                .AddPrometheusExporter(o =>
                {
                    // Every series is ours and starts with newswatcher_: no target_info or otel_scope_* additions.
                    o.TargetInfoEnabled = false;
                    o.ScopeInfoEnabled = false;
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                })
                .Build();
        });
        services.AddHostedService<StatusSnapshotRefresher>();
        services.AddSingleton<OpsHttpServer>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsHttpServer>());
        services.AddSingleton<PublicHttpServer>();
        services.AddHostedService(sp => sp.GetRequiredService<PublicHttpServer>());
        services.AddHostedService<Fetching.WebSub.WebSubRenewer>();
        return services;
    }

    /// <summary>The "Http" settings alone, validated at start: every command checks them, only <c>run</c> listens.</summary>
    public static IServiceCollection AddNewsWatcherHttpOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<HttpOptions, HttpOptionsAnnotations>().Bind(configuration.GetSection(HttpOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>());
        services.TryAddSingleton<UnsubscribeLinks>();
        services.TryAddSingleton<Delivery.Channels.IUnsubscribeLinks>(sp => sp.GetRequiredService<UnsubscribeLinks>());
        return services;
    }
}
