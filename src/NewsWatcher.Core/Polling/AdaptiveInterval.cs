namespace NewsWatcher.Core.Polling;

/// <summary>
/// When to poll a feed next from its learned <see cref="PublicationRhythm"/>. Polls are spread as the fourth root of
/// the expected rate (see <see cref="Weight"/>), scaled so the adaptive feeds' polls together cost what their default
/// intervals cost (<see cref="SharedScale"/>), then held within each feed's bounds. The wait is found by walking
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
    private const double PriorRate = 0.001;

    /// <summary>The next poll after <paramref name="now"/> and why; <c>null</c> while the rhythm is not learned yet.</summary>
    /// <param name="sharedScale">
    /// The scale of the requests all learned feeds share (<see cref="SharedScale"/>): busy feeds take more of the fixed
    /// schedule's total, quiet ones less. Null: the feed's own budget, a week of polls costing its default interval's.
    /// </param>
    public static (DateTimeOffset NextPoll, string Reason)? Next(PublicationRhythm rhythm, DateTimeOffset now, TimeSpan defaultInterval, TimeSpan min, TimeSpan max, double? sharedScale = null)
    {
        ArgumentNullException.ThrowIfNull(rhythm);
        if (!Learned(rhythm))
        {
            return null;
        }

        var scale = sharedScale ?? SharedScale([new BudgetedFeed(rhythm, defaultInterval, min, max)], now)!.Value;
        double Seconds(double root) => Math.Clamp(scale / root, min.TotalSeconds, max.TotalSeconds);
        TimeSpan IntervalAt(DateTimeOffset at) => TimeSpan.FromSeconds(Math.Round(Seconds(Weight(Rate(rhythm, at)))));

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

    /// <summary>Whether the rhythm has seen enough to be trusted over the default interval.</summary>
    public static bool Learned(PublicationRhythm rhythm)
    {
        ArgumentNullException.ThrowIfNull(rhythm);
        return rhythm.Items >= MinItems && rhythm.Days >= MinDays;
    }

    /// <summary>
    /// The scale (seconds × (items/h)^¼) at which the <paramref name="feeds"/>' polls over the week of
    /// <paramref name="now"/>, each spaced as scale / <see cref="Weight"/>(rate) within its bounds, cost together what
    /// their default intervals cost (less a little headroom). One feed
    /// alone gets its own budget; many share theirs, so a busy feed is polled more and a quiet one less. The result
    /// depends only on the rhythms and the week, so every replica reading the same stored rhythms gets the same scale.
    /// A <see cref="BudgetedFeed.Pushed"/> feed is left out: its polls are the safety interval's, not the plan's, so
    /// counting its default in the budget would hand its unused share to the polled feeds. <c>null</c> when no polled
    /// feed's rhythm is learned.
    /// </summary>
    public static double? SharedScale(IReadOnlyCollection<BudgetedFeed> feeds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var learned = feeds.Where(f => !f.Pushed && Learned(f.Rhythm)).ToList();
        if (learned.Count == 0)
        {
            return null;
        }

        // Requests fall as the scale grows, so it is found by bisection over the week's 168 hours.
        var weekStart = now.ToUniversalTime().Date.AddDays(-(int)now.ToUniversalTime().DayOfWeek);
        var hours = Enumerable.Range(0, 168).Select(h => new DateTimeOffset(weekStart.AddHours(h), TimeSpan.Zero)).ToArray();
        var roots = learned.Select(f => (Min: f.Min.TotalSeconds, Max: f.Max.TotalSeconds, Roots: hours.Select(h => Weight(Rate(f.Rhythm, h))).ToArray())).ToArray();
        var budget = Headroom * learned.Sum(f => 1 / f.DefaultInterval.TotalSeconds);
        double Requests(double scale) => roots.Sum(f => f.Roots.Average(r => 1 / Math.Clamp(scale / r, f.Min, f.Max)));
        var (low, high) = (0.0, roots.Max(f => f.Max * f.Roots.Max()));
        for (var i = 0; i < 50; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = Requests(middle) > budget ? (middle, high) : (low, middle);
        }

        return high;
    }

    /// <summary>
    /// How many polls an hour of a feed gets for its expected items: rate^¼. Spacing polls as 1/√rate gives the least
    /// mean delay for a number of requests; the flatter 1/rate^¼ minimises the mean of the delay's cube instead, which
    /// weighs long waits more and so aims at the tail (p95) the alert delay is judged by: a quiet hour or feed is polled
    /// less than on the fixed schedule, but not so much less that its rare items make the tail.
    /// </summary>
    private static double Weight(double rate) => Math.Sqrt(Math.Sqrt(rate));

    private static double Rate(PublicationRhythm rhythm, DateTimeOffset at) => rhythm.RatePerHour(at) + PriorRate;
}
