using Microsoft.Extensions.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Http;

namespace NewsWatcher.Cli;

/// <summary>
/// <c>newswatcher health</c>: asks the running worker's <c>/healthz</c> (same settings: Http:Port, Http:BindAddress) and
/// exits 0 when it answers 200, else 1. The container's HEALTHCHECK uses it, so the image needs no curl.
/// </summary>
public static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CliArguments cli, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var settings = NewsWatcherHost.AddSettingsSources(new ConfigurationBuilder(), cli.ConfigDirectory, NewsWatcherHost.EnvironmentName, cli.HostArgs).Build();
        var options = new HttpOptions();
        settings.GetSection(HttpOptions.Section).Bind(options);
        if (options.Port == 0)
        {
            await error.WriteLineAsync("error: the HTTP listener is off (Http:Port = 0); nothing to ask").ConfigureAwait(false);
            return 1;
        }

        var url = options.LocalUri("/healthz");
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode}").ConfigureAwait(false);
            await output.WriteLineAsync(body).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"error: {url}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
