using System.Globalization;

namespace NewsWatcher.Core.Subscribers;

public enum DigestCadenceKind
{
    Hourly,
    Daily,
    Weekly,

    /// <summary>Every match goes out as an alert within a minute; there is no periodic digest.</summary>
    Immediate,
}

/// <summary>When a subscriber's digest goes out: immediately, hourly on the hour, daily at a local time, or weekly on a day at a local time.</summary>
/// <param name="At">Local time of day for daily and weekly digests (in the subscriber's time zone).</param>
/// <param name="Day">Day of the week for weekly digests.</param>
public sealed record DigestCadence(DigestCadenceKind Kind, TimeOnly At = default, DayOfWeek Day = DayOfWeek.Monday)
{
    public static DigestCadence Hourly { get; } = new(DigestCadenceKind.Hourly);

    public static DigestCadence Immediate { get; } = new(DigestCadenceKind.Immediate);

    public static DigestCadence DailyAt(TimeOnly at) => new(DigestCadenceKind.Daily, at);

    public static DigestCadence WeeklyOn(DayOfWeek day, TimeOnly at) => new(DigestCadenceKind.Weekly, at, day);

    /// <summary>Reads <c>immediate</c>, <c>hourly</c>, <c>daily HH:mm</c> or <c>weekly DAY HH:mm</c> (day as monday or mon); null when it is none of these.</summary>
    public static DigestCadence? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts switch
        {
            ["immediate"] => Immediate,
            ["hourly"] => Hourly,
            ["daily", var at] when ParseTime(at) is { } time => DailyAt(time),
            ["weekly", var day, var at] when ParseDay(day) is { } weekday && ParseTime(at) is { } time => WeeklyOn(weekday, time),
            _ => null,
        };
    }

    /// <summary>A 24-hour local time, <c>HH:mm</c> or <c>H:mm</c>.</summary>
    public static TimeOnly? ParseTime(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public override string ToString() => Kind switch
    {
        DigestCadenceKind.Immediate => "immediate",
        DigestCadenceKind.Hourly => "hourly",
        DigestCadenceKind.Daily => $"daily at {At:HH\\:mm}",
        _ => $"weekly on {Day} at {At:HH\\:mm}",
    };

    private static DayOfWeek? ParseDay(string text)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (text == name || (text.Length == 3 && name.StartsWith(text, StringComparison.Ordinal)))
            {
                return day;
            }
        }

        return null;
    }
}
