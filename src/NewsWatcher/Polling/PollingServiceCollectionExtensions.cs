using Microsoft.Extensions.DependencyInjection;

namespace NewsWatcher.Polling;

internal static class PollingServiceCollectionExtensions
{
    /// <summary>
    /// The poll leg: the poller (fetch, parse, match, route, dedup), the request budget adaptive feeds share, the wake it
    /// gives the alert sender, and the one-shot run. Needs the store, fetching, delivery and scheduling options registered.
    /// </summary>
    public static IServiceCollection AddNewsWatcherPolling(this IServiceCollection services)
    {
        services.AddSingleton<AlertWakeup>();
        services.AddSingleton<SharedPollBudget>();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<OnceRunner>();
        return services;
    }
}
