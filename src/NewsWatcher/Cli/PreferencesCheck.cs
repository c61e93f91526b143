using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Cli;

/// <summary>The <c>check</c> command's list of subscribers' own changes (the overlay in the store over subscribers.yaml).</summary>
internal static class PreferencesCheck
{
    public static async Task PrintAsync(IServiceProvider services, TextWriter output)
    {
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Storage.StorageOptions>>().Value.Configuration.Length == 0)
        {
            // The embedded store belongs to the running worker; check does not start a second one over its data.
            output.WriteLine("preferences: kept in the embedded store; see the running worker's status page");
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var routes = await services.GetRequiredService<SubscriberDirectory>().AllRoutesAsync(timeout.Token).ConfigureAwait(false);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var changed = routes.Where(r => r.Preferences is not null).ToList();
            output.WriteLine($"preferences: {changed.Count} of {routes.Count} outboxes changed by their subscriber (these win over subscribers.yaml)");
            foreach (var (route, preferences) in changed)
            {
                output.WriteLine($"  {route.Label}: {preferences!.Describe(now)}");
            }
        }
#pragma warning disable CA1031 // check reports what it can; an unreachable store is a line in the report, not a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.WriteLine($"preferences: not read ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
