using Microsoft.Extensions.DependencyInjection;

namespace NewsWatcher.Diagnostics;

internal static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>The meter and its instruments, feed health as observed, recent matches, and the status snapshot.</summary>
    public static IServiceCollection AddNewsWatcherDiagnostics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<FeedHealthBoard>();
        services.AddSingleton<IFeedHealthSource>(sp => sp.GetRequiredService<FeedHealthBoard>());
        services.AddSingleton<RecentMatches>();
        services.AddSingleton<AlertDelays>();
        services.AddSingleton<NewsWatcherMetrics>();
        services.AddSingleton<StatusSnapshotProvider>();
        return services;
    }
}
