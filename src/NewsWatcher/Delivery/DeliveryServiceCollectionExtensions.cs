using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Delivery;

internal static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// The send leg: the outbox sender (alerts, digests and channel messages), the end of pauses, and the subscriber
    /// directory both legs route with. Needs the store, mail and channels registered.
    /// </summary>
    public static IServiceCollection AddNewsWatcherDelivery(this IServiceCollection services)
    {
        services.AddSingleton<SubscriberDirectory>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<PauseRelease>();
        return services;
    }
}
