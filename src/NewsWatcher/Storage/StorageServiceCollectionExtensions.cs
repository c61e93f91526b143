using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewsWatcher.Diagnostics;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Storage;

/// <summary>Registers the store: options, the one connection, and the stores over it.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddNewsWatcherStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptionsWithValidateOnStart<StorageOptions, StorageOptionsAnnotations>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);

        // The container disposes singletons on shutdown, which stops an embedded Garnet cleanly.
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IPendingStore, RedisPendingStore>();
        services.AddSingleton<IFeedStateStore, RedisFeedStateStore>();
        services.AddSingleton<IPreferenceStore, RedisPreferenceStore>();
        services.AddSingleton<IMatchActivityStore, RedisMatchActivityStore>();
        services.AddSingleton<RedisWebSubStore>();
        return services;
    }
}
