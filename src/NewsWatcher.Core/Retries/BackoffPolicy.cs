namespace NewsWatcher.Core.Retries;

/// <summary>
/// The one backoff formula, for failing feeds and failing deliveries: <see cref="First"/> × 2^(failures − 1), capped at
/// <see cref="Cap"/>, then shortened at random by up to <see cref="JitterFraction"/> so many things failing together
/// (an outage) do not all come back at the same instant. Pure: the caller passes the random number.
/// </summary>
/// <param name="First">The wait after the first failure.</param>
/// <param name="Cap">The longest wait, however many failures.</param>
/// <param name="JitterFraction">In [0, 1]: the most a wait is shortened by (0.2 = up to 20 % earlier).</param>
public sealed record BackoffPolicy(TimeSpan First, TimeSpan Cap, double JitterFraction = BackoffPolicy.DefaultJitterFraction)
{
    /// <summary>Waits are shortened by up to 20 %: never later than the formula, so a test advancing by the full wait sees the retry.</summary>
    public const double DefaultJitterFraction = 0.2;

    /// <summary>Doublings stop here (2^30 of anything is past every cap); keeps the arithmetic finite.</summary>
    private const int MaxDoublings = 30;

    /// <summary>The wait after <paramref name="failures"/> failures in a row (1 for the first).</summary>
    /// <param name="failures">Failures so far, 1 or more (0 counts as 1).</param>
    /// <param name="random">In [0, 1), from a <see cref="JitterSource"/>; 0 gives the full wait.</param>
    public TimeSpan Delay(int failures, double random)
    {
        var doublings = Math.Clamp(failures - 1, 0, MaxDoublings);
        var ticks = Math.Min(First.Ticks * Math.Pow(2, doublings), Cap.Ticks);
        var shortened = ticks * (1 - (Math.Clamp(JitterFraction, 0, 1) * Math.Clamp(random, 0, 1)));
        return TimeSpan.FromTicks((long)Math.Round(shortened));
    }
}
