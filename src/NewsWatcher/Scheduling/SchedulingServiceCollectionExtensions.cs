using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Delivery;
using NewsWatcher.Polling;
using Quartz;

namespace NewsWatcher.Scheduling;

/// <summary>Registers the schedule: Quartz in memory, or Quartz's clustered job store on PostgreSQL when Scheduling:Database is set.</summary>
internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>The options of both sections; every command validates them (<c>check</c> too).</summary>
    public static IServiceCollection AddNewsWatcherSchedulingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<PollingOptions, PollingOptionsAnnotations>().Bind(configuration.GetSection(PollingOptions.Section));
        services.AddOptionsWithValidateOnStart<SchedulingOptions, SchedulingOptionsAnnotations>().Bind(configuration.GetSection(SchedulingOptions.Section));
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        return services;
    }

    /// <summary>The scheduler and its jobs, for the long-running worker.</summary>
    public static IServiceCollection AddNewsWatcherScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTransient<PollFeedJob>();
        services.AddTransient<SendDigestJob>();
        services.AddTransient<SendAlertsJob>();
        services.AddTransient<SyncDigestScheduleJob>();

        // Quartz reads its store settings while it registers, so the section is bound here; start-up validation still
        // checks the same values (AddNewsWatcherSchedulingOptions) before the scheduler opens a connection.
        var cluster = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(cluster.MaxConcurrency);
            if (!cluster.Clustered)
            {
                return;
            }

            // The job types moved to their rooms (Polling, Delivery): a clustered schedule stored by an earlier build still
            // names them by their old namespace, and Quartz loads a stored job by that name.
            q.UseTypeLoader(loader =>
            {
                loader.Map("NewsWatcher.Scheduling.PollFeedJob", typeof(PollFeedJob));
                loader.Map("NewsWatcher.Scheduling.SendAlertsJob", typeof(SendAlertsJob));
                loader.Map("NewsWatcher.Scheduling.SendDigestJob", typeof(SendDigestJob));
            });
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = cluster.ClusterName;
                s.InstanceId = string.IsNullOrEmpty(cluster.InstanceId) ? NewInstanceId() : cluster.InstanceId;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(db => db.DataSourceFactory = SchedulerDatabase.Create);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = cluster.CheckinInterval;
                    c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
                });

                // Quartz creates its missing tables itself (CREATE ... IF NOT EXISTS) and copes with replicas doing it at once.
                store.ProvisionSchema();
                store.ConfigureStore(o => o.TablePrefix = cluster.TablePrefix);
            });
        });
        if (cluster.Clustered)
        {
            services.AddSingleton<SchedulerDatabase>();
            services.AddSingleton<ClusterRegistry>();
            services.AddSingleton<SchedulerStoreMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<SchedulerStoreMonitor>());

            // Politeness across replicas: the per-host request limit is shared through the store.
            services.AddSingleton<NewsWatcher.Fetching.IHostSlots, NewsWatcher.Storage.RedisHostSlots>();
        }

        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleRegistrar>();
        services.AddHostedService<UrgentAlertTrigger>();
        return services;
    }

    /// <summary>Host name plus a random suffix: readable on the status page, unique even for two replicas on one host.</summary>
    private static string NewInstanceId() => $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
}
