using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Fetching.WebSub;

namespace NewsWatcher.Fetching;

internal static class FetchingServiceCollectionExtensions
{
    /// <summary>Feed fetching: options, the HTTP client under the network policy, the per-host limiter, the fetcher, and WebSub (a hub's pushes: subscribing and the callbacks).</summary>
    public static IServiceCollection AddNewsWatcherFetching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<FetchOptions, FetchOptionsAnnotations>().Bind(configuration.GetSection(FetchOptions.Section));
        services.AddHttpClient(FeedFetcher.HttpClientName)
            // The fetcher follows redirects itself: it sees permanent moves and checks every hop.
            .ConfigurePrimaryHttpMessageHandler(sp => NetworkPolicy.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value))
            .ConfigureHttpClient((sp, client) =>
            {
                // The fetcher applies its own per-request limit; this is a backstop.
                client.Timeout = sp.GetRequiredService<IOptions<FetchOptions>>().Value.Timeout + TimeSpan.FromSeconds(5);
            });
        services.AddSingleton<FetchLimiter>();
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<WebSubSubscriber>();
        services.AddSingleton<WebSubCallbacks>();
        return services;
    }
}
