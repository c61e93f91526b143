using System.Globalization;

namespace NewsWatcher.Core.Polling;

/// <summary>
/// When a feed publishes, learned from its items: counts by hour of day and by day of week (UTC), and the days over which
/// they were seen, all decaying with a half-life so a feed that changes its habits is followed. Pure and immutable.
/// </summary>
public sealed record PublicationRhythm
{
    /// <summary>Older observations count half after this long.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(21);

    /// <summary>An item dated more than this before the last look is a late arrival: it counts at its arrival time.</summary>
    private static readonly TimeSpan LateSlack = TimeSpan.FromHours(1);

    public static PublicationRhythm Empty { get; } = new();

    /// <summary>Decayed item counts by UTC hour of day (24).</summary>
    public IReadOnlyList<double> ByHour { get; init; } = new double[24];

    /// <summary>Decayed item counts by day of week (7, Sunday first).</summary>
    public IReadOnlyList<double> ByDay { get; init; } = new double[7];

    /// <summary>Decayed days of observation the counts cover.</summary>
    public double Days { get; init; }

    /// <summary>When the rhythm was last updated; null before the first look.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Decayed number of items observed.</summary>
    public double Items => ByHour.Sum();

    /// <summary>
    /// Adds the items first seen at <paramref name="now"/>: each counts at its publication time when that is plausible
    /// (not in the future, not long before the last look), else at its arrival. The first look also learns from the
    /// history the feed shows: the observed span then starts at its oldest item.
    /// </summary>
    public PublicationRhythm Observe(IEnumerable<DateTimeOffset> published, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(published);
        var times = published.ToList();
        double elapsedDays;
        DateTimeOffset floor;
        if (UpdatedAt is { } last)
        {
            elapsedDays = Math.Max(0, (now - last).TotalDays);
            floor = last - LateSlack;
        }
        else
        {
            var oldest = times.Where(t => t <= now).DefaultIfEmpty(now).Min();
            elapsedDays = Math.Max(1.0 / 24, (now - oldest).TotalDays);
            floor = oldest;
        }

        var decay = Math.Pow(0.5, elapsedDays / HalfLife.TotalDays);
        var hours = ByHour.Select(h => h * decay).ToArray();
        var days = ByDay.Select(d => d * decay).ToArray();
        foreach (var time in times)
        {
            var at = time <= now && time >= floor ? time.ToUniversalTime() : now.ToUniversalTime();
            hours[at.Hour] += 1;
            days[(int)at.DayOfWeek] += 1;
        }

        return new PublicationRhythm { ByHour = hours, ByDay = days, Days = (Days * decay) + elapsedDays, UpdatedAt = now };
    }

    /// <summary>Expected items per hour around <paramref name="at"/>: the hour of day's rate, weighted by how busy its day of week is.</summary>
    public double RatePerHour(DateTimeOffset at)
    {
        if (Days <= 0)
        {
            return 0;
        }

        // A day of week counts only once it has been seen a few times: until then (Days short of four weeks) its
        // weight is pulled toward the average, so one quiet Sunday does not make every Sunday quiet.
        var utc = at.ToUniversalTime();
        var perDay = ByDay.Sum();
        var raw = perDay > 0 ? 7 * ByDay[(int)utc.DayOfWeek] / perDay : 1;
        var dayWeight = 1 + (Math.Min(1, Days / 28) * (raw - 1));
        return ByHour[utc.Hour] / Days * dayWeight;
    }

    /// <summary>Equal when every count, the days and the update time are: a rhythm read back from the store equals the one saved.</summary>
    public bool Equals(PublicationRhythm? other) =>
        other is not null && ByHour.SequenceEqual(other.ByHour) && ByDay.SequenceEqual(other.ByDay) && Days.Equals(other.Days) && UpdatedAt == other.UpdatedAt;

    public override int GetHashCode() => HashCode.Combine(Days, UpdatedAt, Items);

    /// <summary>One line for <c>feeds</c>: items a day and the busiest hours.</summary>
    public string Describe()
    {
        if (Days <= 0)
        {
            return "not learned yet";
        }

        var busiest = ByHour.Select((count, hour) => (count, hour)).Where(h => h.count > 0).OrderByDescending(h => h.count).Take(3).Select(h => h.hour.ToString("00", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal);
        var quiet = ByHour.Count(h => h / Days < 0.05);
        return string.Create(CultureInfo.InvariantCulture, $"{Items / Days:0.#}/day, busiest {string.Join(",", busiest)}h UTC, {quiet} quiet hours");
    }

    /// <summary>The stored form: days, then 24 hour counts, then 7 day counts, then the update time (Unix ms).</summary>
    public string ToText() =>
        string.Join(' ', new[] { Days }.Concat(ByHour).Concat(ByDay).Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            .Append((UpdatedAt?.ToUnixTimeMilliseconds() ?? 0).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads <see cref="ToText"/>; null for anything else (a rhythm is relearned rather than trusted when garbled).</summary>
    public static PublicationRhythm? Parse(string? text)
    {
        var parts = text?.Split(' ');
        if (parts is not { Length: 33 })
        {
            return null;
        }

        var values = new double[32];
        for (var i = 0; i < 32; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0)
            {
                return null;
            }
        }

        if (!long.TryParse(parts[32], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        return new PublicationRhythm { Days = values[0], ByHour = values[1..25], ByDay = values[25..32], UpdatedAt = ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null };
    }
}
