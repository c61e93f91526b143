namespace NewsWatcher.Core.Diagnostics;

/// <summary>
/// The delay a reader sees: from an item's publication to the moment its alert was accepted. A feed that gives no date,
/// or one in the future (a wrong clock, a scheduled post), is measured from when the item was first seen instead.
/// </summary>
public static class AlertDelay
{
    /// <summary>When the delay starts for an item published at <paramref name="published"/> and first seen at <paramref name="firstSeen"/>.</summary>
    public static DateTimeOffset Start(DateTimeOffset published, bool publishedIsFirstSeen, DateTimeOffset? firstSeen)
    {
        if (firstSeen is not { } seen)
        {
            return published;
        }

        return publishedIsFirstSeen || published > seen ? seen : published;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of <paramref name="values"/> by the nearest-rank method; null when there are none.</summary>
    public static double? Quantile(IReadOnlyCollection<double> values, double quantile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
