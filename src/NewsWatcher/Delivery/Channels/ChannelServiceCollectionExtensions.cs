using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Fetching;

namespace NewsWatcher.Delivery.Channels;

internal static class ChannelServiceCollectionExtensions
{
    /// <summary>
    /// Webhook, Slack, Telegram and ntfy delivery: options, an HTTP client with the feed fetches' network policy (no
    /// private addresses unless Fetch:AllowPrivateNetworks, no redirects), the renderer and the sender.
    /// </summary>
    public static IServiceCollection AddNewsWatcherChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<ChannelOptions, ChannelOptionsAnnotations>().Bind(configuration.GetSection(ChannelOptions.Section));
        services.AddSingleton<IValidateOptions<ChannelOptions>, ChannelOptionsValidator>();
        services.AddHttpClient(ChannelSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => NetworkPolicy.CreateHandler(sp.GetRequiredService<IOptions<FetchOptions>>().Value))
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<FetchOptions>>().Value.Timeout + TimeSpan.FromSeconds(5))
            .RemoveAllLoggers();
        services.AddSingleton<ChannelMessageBuilder>();
        services.AddSingleton<ChannelSender>();
        return services;
    }
}
