namespace NewsWatcher.Core.Subscribers;

/// <summary>A daily local-time window during which immediate alerts wait; it may span midnight (22:00-07:00).</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Reads <c>HH:mm-HH:mm</c>; null when malformed or empty (start equal to end).</summary>
    public static QuietHours? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts is [var from, var to]
            && DigestCadence.ParseTime(from) is { } start
            && DigestCadence.ParseTime(to) is { } end
            && start != end
            ? new QuietHours(start, end)
            : null;
    }

    /// <summary>Whether <paramref name="now"/>, seen in <paramref name="timeZone"/>, falls inside the window (start inclusive, end exclusive).</summary>
    public bool Contains(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, timeZone).DateTime);
        return Start < End
            ? local >= Start && local < End
            : local >= Start || local < End;
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
