using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Polling;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Polling;

namespace NewsWatcher.Cli;

/// <summary><c>newswatcher feeds</c>: one row per configured feed with its health from the store; <c>feeds parse</c> below it.</summary>
internal sealed class FeedsCommand : VerbCommand
{
    private static readonly string[] Header = ["FEED", "STATE", "LAST SUCCESS", "FAILURES", "NEXT POLL", "WHY", "RHYTHM", "WEBSUB", "LAST ERROR"];

    public FeedsCommand(GlobalOptions global, CliContext context)
        : base("feeds", "A table of every feed's health from the store: state, last success, failures in a row, next poll and why, learned rhythm, WebSub push, last error.", global, context, readsSettings: true)
    {
        Subcommands.Add(new FeedsParseCommand(global, context));
        SetAction(parse => CliHost.RunAsync(Start(parse), scheduled: false, (host, _, _) => RunAsync(host.Services, context.Output, CancellationToken.None), opensStore: true));
    }

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var config = services.GetRequiredService<EditorConfigProvider>().Current;
        var store = services.GetRequiredService<IFeedStateStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var policy = services.GetRequiredService<IOptions<PollingOptions>>().Value.CreatePollPolicy();
        var states = await store.GetStatesAsync([.. config.Feeds.Select(f => f.Id)], cancellationToken).ConfigureAwait(false);
        var pushes = (await services.GetRequiredService<RedisWebSubStore>().GetAllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FeedId, StringComparer.Ordinal);
        var now = time.GetUtcNow();

        var rows = new List<string[]> { Header };
        for (var i = 0; i < config.Feeds.Count; i++)
        {
            var feed = config.Feeds[i];
            var health = states[i].Health;
            var state = !feed.Enabled ? "off"
                : health.GoneUrl == feed.Url ? "gone"
                : health.LastAttempt is null ? "new"
                : health.ConsecutiveFailures > 0 ? "failing"
                : health.MovedFrom == feed.Url ? "moved"
                : "ok";
            var schedule = FeedSchedule.Of(feed, health, policy, pushes.GetValueOrDefault(feed.Id), now);
            rows.Add([
                feed.Id,
                state,
                Ago(health.LastSuccess, time),
                health.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                schedule.NextPoll is { } at ? at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-",
                schedule.Why,
                schedule.Rhythm,
                schedule.Push,
                health.LastError is null ? "-" : $"{health.LastError} ({Ago(health.LastErrorAt, time)})",
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length - 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Take(widths.Length).Select((cell, c) => cell.PadRight(widths[c]))) + "  " + row[^1]);
        }

        return 0;
    }

    private static string Ago(DateTimeOffset? at, TimeProvider time)
    {
        if (at is not { } value)
        {
            return "never";
        }

        var age = time.GetUtcNow() - value;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }
}
