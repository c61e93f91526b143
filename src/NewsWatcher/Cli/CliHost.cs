using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Storage;

namespace NewsWatcher.Cli;

/// <summary>
/// The start every verb that needs the worker's services shares: load the editor files, build the host with the
/// command line's settings, run the verb; invalid files or settings are errors that exit 2.
/// </summary>
internal static class CliHost
{
    /// <param name="verb">The command line of this run.</param>
    /// <param name="scheduled">True for the long-running worker (Quartz).</param>
    /// <param name="body">The verb's work, given the built (not started) host, the editor files and the config folder.</param>
    /// <param name="opensStore">
    /// The verb reads or writes the store: it is opened before <paramref name="body"/>, so an embedded store's data folder
    /// held by a running worker is refused at once (exit 2), not met by every feed and send in turn.
    /// </param>
    public static async Task<int> RunAsync(
        VerbRun verb, bool scheduled, Func<IHost, EditorConfig, string, Task<int>> body, bool opensStore = false)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(body);
        var error = verb.Context.Error;
        EditorConfig editorConfig;
        try
        {
            editorConfig = EditorConfigLoader.Load(verb.ConfigDirectory);
        }
        catch (ConfigException ex)
        {
            foreach (var problem in ex.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Invalid;
        }

        var builder = NewsWatcherHost.CreateBuilder(verb.ConfigurationArgs, verb.ConfigDirectory, editorConfig, scheduled);
        if (SettingValues.Problems(builder.Configuration) is { Count: > 0 } unreadable)
        {
            return await ReportAsync(error, unreadable).ConfigureAwait(false);
        }

        using var host = builder.Build();
        try
        {
            if (opensStore)
            {
                try
                {
                    await host.Services.GetRequiredService<RedisConnection>().GetMultiplexerAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (InvalidOperationException ex)
                {
                    // The store refuses a setting it cannot work with (a Redis Cluster without a hash-tagged Storage:KeyPrefix).
                    await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Invalid;
                }
            }

            return await body(host, editorConfig, verb.ConfigDirectory).ConfigureAwait(false);
        }
        catch (DataFolderInUseException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (OptionsValidationException ex)
        {
            return await ReportAsync(error, SettingErrors.Describe(ex)).ConfigureAwait(false);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return await ReportAsync(error, ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(SettingErrors.Describe)).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReportAsync(TextWriter error, IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            await error.WriteLineAsync($"error: settings: {failure}").ConfigureAwait(false);
        }

        return ExitCodes.Invalid;
    }
}
