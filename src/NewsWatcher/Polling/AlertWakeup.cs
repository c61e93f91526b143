using System.Threading.Channels;

namespace NewsWatcher.Polling;

/// <summary>
/// Says "an urgent match is waiting" from the poll that queued it to whatever sends alerts (the scheduled worker fires
/// its alert job at once), so an urgent alert does not wait for the next Polling:AlertInterval sweep. Wakes coalesce:
/// many matches before the sender looks are one wake, since one run sends every waiting alert.
/// </summary>
internal sealed class AlertWakeup
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>An urgent match was queued: wake the sender (never blocks).</summary>
    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Wake"/> was called since the last wait returned.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) =>
        await _signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
