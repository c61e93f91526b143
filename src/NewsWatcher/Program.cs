using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsWatcher.Cli;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Pipeline;

var cli = CliArguments.Parse(args, out var usageError);
if (cli is null)
{
    await Console.Error.WriteLineAsync($"error: {usageError}\n\n{CliArguments.Usage}");
    return 2;
}

if (cli.Command == "help")
{
    Console.WriteLine(CliArguments.Usage);
    return 0;
}

if (cli.Command == "rules")
{
    return await RulesCommand.RunAsync(cli.HostArgs, cli.ConfigDirectory, Console.Out, Console.Error, CancellationToken.None);
}

if (cli.Command == "health")
{
    return await HealthCommand.RunAsync(cli, Console.Out, Console.Error);
}

if (cli.Command == "feeds" && cli.HostArgs is ["parse", .. var parsePaths])
{
    return FeedsParseCommand.Run(parsePaths, Console.Out, Console.Error, TimeProvider.System);
}

EditorConfig editorConfig;
try
{
    editorConfig = EditorConfigLoader.Load(cli.ConfigDirectory);
}
catch (ConfigException ex)
{
    foreach (var error in ex.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error}");
    }

    return 2;
}

using var host = NewsWatcherHost.CreateBuilder(cli.HostArgs, cli.ConfigDirectory, editorConfig, scheduled: cli.Command == "run").Build();
try
{
    switch (cli.Command)
    {
        case "check":
            host.Services.GetService<IStartupValidator>()?.Validate();
            Console.WriteLine($"config: {Path.GetFullPath(cli.ConfigDirectory)}");
            Console.WriteLine($"  feeds: {editorConfig.Feeds.Count} ({editorConfig.Feeds.Count(f => f.Enabled)} enabled)");
            Console.WriteLine($"  watches: {editorConfig.Watches.Watches.Count}");
            Console.WriteLine(editorConfig.Stages.Rules.Count == 0 ? "  stages: no stages.yaml (the first-ranked watch category is the stage)" : $"  stages: {editorConfig.Stages.Rules.Count} rules, {editorConfig.Stages.Actors.Count} actors");
            Console.WriteLine($"  subscribers: {editorConfig.Subscribers.Count}");
            Console.WriteLine("settings:");
            SettingsPrinter.Print(host.Services, Console.Out);
            TemplateCheck.Print(host.Services, Console.Out);
            var channelErrors = ChannelCheck.Print(editorConfig, cli.ConfigDirectory, Console.Out);
            foreach (var error in channelErrors)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
            }

            if (channelErrors.Count > 0)
            {
                return 2;
            }

            await PreferencesCheck.PrintAsync(host.Services, Console.Out);

            Console.WriteLine("configuration OK");
            return 0;

        case "feeds":
            return await FeedsCommand.RunAsync(host.Services, Console.Out, CancellationToken.None);

        case "once":
            await host.StartAsync();
            var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(CancellationToken.None);
            await host.StopAsync();
            foreach (var poll in report.Polls)
            {
                Console.WriteLine($"feed {poll.FeedId}: {poll.Status}, {poll.Articles} articles, {poll.NewArticles} new{(poll.Error is null ? "" : $" ({poll.Error})")}");
            }

            foreach (var send in report.Sends.Where(s => s.Status != "nothing"))
            {
                Console.WriteLine($"subscriber {send.SubscriberId}: {send.Status} {send.DigestId} ({send.Items} items){(send.Error is null ? "" : $" ({send.Error})")}");
            }

            return 0;

        case "preview":
            return await PreviewCommand.RunAsync(host.Services, host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), Console.Out, CancellationToken.None);

        default:
            await host.RunAsync();
            return 0;
    }
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"error: settings: {failure}");
    }

    return 2;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
{
    foreach (var failure in ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures))
    {
        await Console.Error.WriteLineAsync($"error: settings: {failure}");
    }

    return 2;
}
