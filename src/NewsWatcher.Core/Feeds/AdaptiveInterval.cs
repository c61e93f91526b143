namespace NewsWatcher.Core.Feeds;

/// <summary>
/// When to poll a feed next from its learned <see cref="PublicationRhythm"/>. Polls are spread as the square root of
/// the expected rate (the spacing that gives the least average delay for a given number of requests), scaled so a
/// week of polls costs what the default interval costs, then held within the bounds. The wait is found by walking
/// forward hour by hour, so a feed quiet at night is polled again as its morning starts, not a night's interval later.
/// </summary>
public static class AdaptiveInterval
{
    /// <summary>Items a feed must have shown before its rhythm is trusted over the default interval.</summary>
    public const double MinItems = 8;

    /// <summary>Days of observation needed before its rhythm is trusted.</summary>
    public const double MinDays = 1;

    /// <summary>
    /// The share of the fixed schedule's requests the plan aims at: the rhythm is re-learned at every poll and a busy day
    /// runs a little over its plan, so the aim leaves room to stay under the fixed schedule's count.
    /// </summary>
    private const double Headroom = 0.95;

    /// <summary>Expected items per hour assumed at any hour on top of what was learned: a quiet hour is unlikely, never impossible.</summary>
    private const double PriorRate = 0.01;

    /// <summary>The next poll after <paramref name="now"/> and why; <c>null</c> while the rhythm is not learned yet.</summary>
    public static (DateTimeOffset NextPoll, string Reason)? Next(PublicationRhythm rhythm, DateTimeOffset now, TimeSpan defaultInterval, TimeSpan min, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(rhythm);
        if (rhythm.Items < MinItems || rhythm.Days < MinDays)
        {
            return null;
        }

        // Scale: over the week's 168 hours, 1/interval (after the bounds) averages at most 1/default: no more requests
        // than the fixed schedule makes. Requests fall as the scale grows, so it is found by bisection.
        var weekStart = now.ToUniversalTime().Date.AddDays(-(int)now.ToUniversalTime().DayOfWeek);
        var roots = Enumerable.Range(0, 168).Select(h => Math.Sqrt(Rate(rhythm, new DateTimeOffset(weekStart.AddHours(h), TimeSpan.Zero)))).ToArray();
        double Seconds(double scale, double root) => Math.Clamp(scale / root, min.TotalSeconds, max.TotalSeconds);
        var (low, high) = (0.0, max.TotalSeconds * roots.Max());
        for (var i = 0; i < 50; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = roots.Average(r => 1 / Seconds(middle, r)) > Headroom / defaultInterval.TotalSeconds ? (middle, high) : (low, middle);
        }

        TimeSpan IntervalAt(DateTimeOffset at) => TimeSpan.FromSeconds(Math.Round(Seconds(high, Math.Sqrt(Rate(rhythm, at)))));

        // One poll's worth of "credit" accumulates at 1/interval per unit of time; the poll is due when it reaches 1.
        var credit = 0.0;
        var t = now;
        while (true)
        {
            var interval = IntervalAt(t);
            var hourEnd = new DateTimeOffset(t.UtcDateTime.Date.AddHours(t.UtcDateTime.Hour + 1), TimeSpan.Zero);
            var gain = (hourEnd - t) / interval;
            if (credit + gain >= 1 || t - now >= max)
            {
                var next = t + ((1 - credit) * interval);
                next = next - now > max ? now + max : next;
                var current = IntervalAt(now);
                return (next, $"adaptive: {Rate(rhythm, now):0.##} items/h expected now (every {current} within {min}..{max})");
            }

            credit += gain;
            t = hourEnd;
        }
    }

    private static double Rate(PublicationRhythm rhythm, DateTimeOffset at) => rhythm.RatePerHour(at) + PriorRate;
}
