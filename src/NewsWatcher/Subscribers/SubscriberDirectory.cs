using NewsWatcher.Configuration;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Storage;

namespace NewsWatcher.Subscribers;

/// <summary>
/// Every outbox of every subscriber as it stands now: subscribers.yaml with each subscriber's own changes (the
/// preferences overlay in the store) on top. Read fresh each time, so a change made on any replica counts at once.
/// </summary>
internal sealed class SubscriberDirectory
{
    private readonly EditorConfigProvider _config;
    private readonly IPreferenceStore _preferences;
    private readonly TimeProvider _time;

    public SubscriberDirectory(EditorConfigProvider config, IPreferenceStore preferences, TimeProvider time)
    {
        _config = config;
        _preferences = preferences;
        _time = time;
    }

    /// <summary>The outboxes that take new items: overlay applied, unsubscribed ones left out, paused ones held for a digest.</summary>
    public async Task<IReadOnlyList<Route>> ActiveRoutesAsync(IReadOnlyList<Route> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var overlay = await _preferences.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var active = new List<Route>();
        foreach (var route in routes)
        {
            var effective = overlay.TryGetValue(route.Id, out var preferences) ? preferences.Apply(route, now) : route;
            if (effective is not null)
            {
                active.Add(effective);
            }
        }

        return active;
    }

    /// <summary>Every outbox from the file with its preferences (null when the subscriber changed nothing), for pages and check.</summary>
    public async Task<IReadOnlyList<(Route Route, SubscriberPreferences? Preferences)>> AllRoutesAsync(CancellationToken cancellationToken)
    {
        var overlay = await _preferences.GetAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. _config.Current.Routes.Select(r => (r, overlay.GetValueOrDefault(r.Id)))];
    }

    /// <summary>Every outbox of the subscriber that owns outbox <paramref name="id"/> (email and each channel), as in the file; empty when none does.</summary>
    public IReadOnlyList<Route> SiblingRoutes(string id) =>
        FindRoute(id) is { } route ? [.. _config.Current.Routes.Where(r => ReferenceEquals(r.Subscriber, route.Subscriber))] : [];

    /// <summary>The outbox with this id in the file (as written, without the overlay); null when there is none.</summary>
    public Route? FindRoute(string id) =>
        _config.Current.Routes.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}
