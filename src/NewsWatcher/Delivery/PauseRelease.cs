using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Delivery;

/// <summary>
/// Ends pauses: an outbox whose pause has run out gets what it held as one digest, then its pause is cleared. Runs with
/// the digest schedule sync (every Polling:AlertInterval), so a pause ends within that interval of its time.
/// </summary>
internal sealed class PauseRelease
{
    private readonly SubscriberDirectory _directory;
    private readonly IPreferenceStore _preferences;
    private readonly OutboxSender _sender;
    private readonly TimeProvider _time;
    private readonly ILogger<PauseRelease> _logger;

    public PauseRelease(SubscriberDirectory directory, IPreferenceStore preferences, OutboxSender sender, TimeProvider time, ILogger<PauseRelease> logger)
    {
        _directory = directory;
        _preferences = preferences;
        _sender = sender;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends the held digest of every outbox whose pause has ended; one outcome per such outbox.</summary>
    public async Task<IReadOnlyList<SendOutcome>> ReleaseAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var ended = (await _directory.AllRoutesAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.Preferences?.PauseEnded(now) == true)
            .ToList();
        if (ended.Count == 0)
        {
            return [];
        }

        // Only what was held goes: an outbox that sends empty digests on its schedule gets none for its pause.
        var requests = ended.Select(r => new SendRequest(r.Preferences!.Overlay(r.Route) with { SkipEmpty = true }, OutboxKind.Digest)).ToList();
        var outcomes = await _sender.SendManyAsync(requests, force: false, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < ended.Count; i++)
        {
            var (route, seen) = ended[i];
            var outcome = outcomes[i];

            // Done once the digest is sent, or recorded to be resent by the retry sweep; a store or sender fault tries again next time.
            if (outcome.Kind is SendStatus.Sent or SendStatus.Nothing or SendStatus.Failed || outcome.DigestId is not null)
            {
                var current = await _preferences.GetAsync(route.Id, cancellationToken).ConfigureAwait(false);
                if (current is not null && current.PausedUntil == seen!.PausedUntil)
                {
                    // Unless the reader paused again meanwhile.
                    await _preferences.SaveAsync(route.Id, current with { PausedUntil = null }, cancellationToken).ConfigureAwait(false);
                }

                Log.PauseEnded(_logger, route.Label, outcome.Items);
            }
        }

        return outcomes;
    }
}
