using Microsoft.Extensions.Configuration;
using NewsWatcher.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Http;

namespace NewsWatcher.Cli;

/// <summary>
/// <c>newswatcher health</c>: asks the running worker's <c>/healthz</c> (same settings: Http:Port, Http:BindAddress) and
/// exits 0 when it answers 200, else 1. The container's HEALTHCHECK uses it, so the image needs no curl.
/// </summary>
internal sealed class HealthCommand : VerbCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public HealthCommand(GlobalOptions global, CliContext context)
        : base("health", "Ask the running worker's /healthz (the same Http:Port and Http:BindAddress settings); exit 0 when alive, 1 otherwise.", global, context, readsSettings: true)
    {
        SetAction(parse => RunAsync(Start(parse)));
    }

    private static async Task<int> RunAsync(VerbRun run)
    {
        var (output, error) = (run.Context.Output, run.Context.Error);
        var sources = NewsWatcherHost.AddSettingsSources(new ConfigurationBuilder(), run.ConfigDirectory, NewsWatcherHost.EnvironmentName, run.ConfigurationArgs);
        SettingAliases.Apply(sources);
        var settings = sources.Build();
        if (SettingValues.Problems(settings) is { Count: > 0 } unreadable)
        {
            foreach (var problem in unreadable)
            {
                await error.WriteLineAsync($"error: settings: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Invalid;
        }

        var options = new HttpOptions();
        settings.GetSection(HttpOptions.Section).Bind(options);
        if (options.Port == 0)
        {
            await error.WriteLineAsync("error: the HTTP listener is off (Http:Port = 0); nothing to ask").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var url = options.LocalUri("/healthz");

        // The limit runs on the injected clock; the client's own timer would not.
        using var timeout = new CancellationTokenSource(Timeout, run.Context.Time);
        using var client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync(url, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode}").ConfigureAwait(false);
            await output.WriteLineAsync(body).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: {url}: no answer within {(int)Timeout.TotalSeconds} s").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"error: {url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
