using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer the code under test arms (a Task.Delay or a timeout on this
/// clock). A test waits for the timer, so it checks "nothing more happens until the clock moves" while the code is
/// provably waiting, instead of sleeping first.
/// </summary>
internal sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _armed.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until the code arms its next timer on this clock; how long that timer waits.</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => await _armed.Reader.ReadAsync(cancellationToken);
}
