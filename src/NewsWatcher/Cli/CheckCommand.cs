using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Fetching;

namespace NewsWatcher.Cli;

/// <summary><c>newswatcher check</c>: validate every file and setting, print the effective settings with secrets masked.</summary>
internal sealed class CheckCommand : VerbCommand
{
    public CheckCommand(GlobalOptions global, CliContext context)
        : base("check", "Validate all configuration and print the effective settings, secrets masked; exit 0 when valid, 2 when not.", global, context, readsSettings: true)
    {
        SetAction(parse => CliHost.RunAsync(Start(parse), scheduled: false, (host, editorConfig, configDirectory) =>
            CheckAsync(host, editorConfig, configDirectory, context.Output, context.Error)));
    }

    private static async Task<int> CheckAsync(IHost host, EditorConfig editorConfig, string configDirectory, TextWriter output, TextWriter error)
    {
        host.Services.GetService<IStartupValidator>()?.Validate();
        await output.WriteLineAsync($"config: {Path.GetFullPath(configDirectory)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  feeds: {editorConfig.Feeds.Count} ({editorConfig.Feeds.Count(f => f.Enabled)} enabled)").ConfigureAwait(false);
        await output.WriteLineAsync($"  watches: {editorConfig.Watches.Watches.Count}").ConfigureAwait(false);
        await output.WriteLineAsync(editorConfig.Stages.Rules.Count == 0
            ? "  stages: no stages.yaml (the first-ranked watch category is the stage)"
            : $"  stages: {editorConfig.Stages.Rules.Count} rules, {editorConfig.Stages.Actors.Count} actors").ConfigureAwait(false);
        await output.WriteLineAsync($"  subscribers: {editorConfig.Subscribers.Count}").ConfigureAwait(false);
        await output.WriteLineAsync("settings:").ConfigureAwait(false);
        SettingsPrinter.Print(host.Services, output);
        foreach (var renamed in host.Services.GetRequiredService<DeprecatedSettings>().Warnings)
        {
            await error.WriteLineAsync($"warning: {renamed}").ConfigureAwait(false);
        }

        var templateErrors = TemplateCheck.Print(host.Services, output);
        var channelErrors = ChannelCheck.Print(editorConfig, configDirectory, output).Concat(await ChannelCheck.NetworkErrorsAsync(
            editorConfig, configDirectory, host.Services.GetRequiredService<IOptions<FetchOptions>>().Value,
            host.Services.GetRequiredService<IOptions<ChannelOptions>>().Value, output, CancellationToken.None).ConfigureAwait(false));
        var exampleErrors = ExampleCheck.Print(editorConfig, configDirectory, output);
        var problems = templateErrors.Concat(channelErrors.Concat(exampleErrors).Select(e => e.ToString())).ToList();
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
        }

        if (problems.Count > 0)
        {
            return ExitCodes.Invalid;
        }

        await PreferencesCheck.PrintAsync(host.Services, output).ConfigureAwait(false);
        await output.WriteLineAsync("configuration OK").ConfigureAwait(false);
        return 0;
    }
}
