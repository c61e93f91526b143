using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NewsWatcher.Dedup;

/// <summary>Registers dedup: its options and the ledger and thread store over the store's connection.</summary>
internal static class DedupServiceCollectionExtensions
{
    public static IServiceCollection AddNewsWatcherDedup(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<DedupOptions, DedupOptionsAnnotations>().Bind(configuration.GetSection(DedupOptions.Section));
        services.AddSingleton<IArticleLedger, RedisArticleLedger>();
        services.AddSingleton<IThreadStore, RedisThreadStore>();
        return services;
    }
}
