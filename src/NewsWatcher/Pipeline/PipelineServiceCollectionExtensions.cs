using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Delivery;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Pipeline;

internal static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The pipeline over the other stages: polling (fetch, parse, match, route), sending (alerts and digests), the
    /// one-shot run, and the subscriber directory they route with. Needs the store, mail, channels, fetching and
    /// scheduling options registered.
    /// </summary>
    public static IServiceCollection AddNewsWatcherPipeline(this IServiceCollection services)
    {
        services.AddSingleton<SubscriberDirectory>();
        services.AddSingleton<AlertWakeup>();
        services.AddSingleton<WebSub.WebSubSubscriber>();
        services.AddSingleton<WebSub.WebSubCallbacks>();
        services.AddSingleton<SharedPollBudget>();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<OnceRunner>();
        services.AddSingleton<PauseRelease>();
        return services;
    }
}
