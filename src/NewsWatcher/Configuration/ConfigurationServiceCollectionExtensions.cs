using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Configuration;

internal static class ConfigurationServiceCollectionExtensions
{
    /// <summary>The editor files (already loaded and validated), their provider, and the reloader that watches them.</summary>
    /// <param name="configDirectory">The config folder the editor files were loaded from.</param>
    /// <param name="editorConfig">The editor files as loaded at start.</param>
    public static IServiceCollection AddNewsWatcherEditorConfig(this IServiceCollection services, IConfiguration configuration, string configDirectory, EditorConfig editorConfig)
    {
        services.AddSingleton(sp => new EditorConfigProvider(
            configDirectory,
            editorConfig,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EditorConfigProvider>>(),
            sp.GetRequiredService<NewsWatcherMetrics>().RulesReloaded));
        services.AddOptionsWithValidateOnStart<RulesReloadOptions, RulesReloadOptionsAnnotations>().Bind(configuration.GetSection(RulesReloadOptions.Section));
        services.AddHostedService<WatchesReloader>();
        return services;
    }
}
