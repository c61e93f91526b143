using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Tolerant parser for the date strings feeds really contain: RFC 822 (any day name, 2-digit years,
/// named zones), ISO 8601, and JavaScript <c>Date.toString()</c> output.
/// </summary>
public static partial class FeedDateParser
{
    private static readonly Dictionary<string, int> _months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["ene"] = 1, ["jän"] = 1,
        ["feb"] = 2, ["fev"] = 2, ["fév"] = 2,
        ["mar"] = 3, ["mär"] = 3, ["mrz"] = 3,
        ["apr"] = 4, ["abr"] = 4, ["avr"] = 4,
        ["may"] = 5, ["mai"] = 5,
        ["jun"] = 6, ["jui"] = 6,
        ["jul"] = 7,
        ["aug"] = 8, ["ago"] = 8, ["aoû"] = 8,
        ["sep"] = 9, ["set"] = 9,
        ["oct"] = 10, ["okt"] = 10, ["out"] = 10,
        ["nov"] = 11,
        ["dec"] = 12, ["dez"] = 12, ["dic"] = 12, ["déc"] = 12,
    };

    private static readonly Dictionary<string, int> _zoneHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["CET"] = 1, ["CEST"] = 2, ["MEZ"] = 1, ["MESZ"] = 2, ["BST"] = 1, ["IST"] = 5,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _zoneHoursByName = _zoneHours.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Parses <paramref name="text"/>; a missing time zone means UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // The two shapes nearly every feed uses are read by hand; anything else (and any value these cannot build) goes
        // through the patterns below, which give the same result for these shapes.
        var trimmed = text.AsSpan().Trim();
        if (TryIsoFast(trimmed, out value) || TryRfc822Fast(trimmed, out value))
        {
            return true;
        }

        var s = text.Trim();
        try
        {
            if (IsoLike().IsMatch(s))
            {
                return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
            }

            return TryRfc822(s, out value) || TryMonthFirst(s, out value) || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
        }
        catch (ArgumentException)
        {
            // Out-of-range parts (day 31 in February, an offset beyond ±14h) mean "no date", not a crash.
            value = default;
            return false;
        }
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss[.f…]</c> followed by <c>Z</c>, <c>±HH:mm</c> or nothing (UTC), as
    /// <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/> reads it; false for anything else.
    /// </summary>
    private static bool TryIsoFast(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = s[19..];
        var ticks = 0L;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            // One to seven digits are exact in ticks; longer fractions are rounded by the framework's parser.
            if (digits is 1 or > 8 || !TryDigits(rest[1..digits], out var fraction))
            {
                return false;
            }

            ticks = fraction * (long)Math.Pow(10, 8 - digits);
            rest = rest[digits..];
        }

        var offset = TimeSpan.Zero;
        if (rest is ['+' or '-', _, _, ':', _, _])
        {
            if (!TryDigits(rest.Slice(1, 2), out var offsetHours) || !TryDigits(rest.Slice(4, 2), out var offsetMinutes) || offsetHours > 13 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = rest[0] == '-' ? offset.Negate() : offset;
        }
        else if (rest is not ([] or ['Z']))
        {
            return false;
        }

        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), offset);
        return true;
    }

    /// <summary>
    /// <c>[Ddd, ]d[d] Mon yyyy HH:mm:ss ZONE</c> with an English month and a zone that is a known name or <c>±hhmm</c>,
    /// exactly as <see cref="Rfc822"/> and <see cref="TryBuild"/> read it; false for anything else.
    /// </summary>
    private static bool TryRfc822Fast(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length > 0 && char.IsAsciiLetter(s[0]))
        {
            var letters = 1;
            while (letters < s.Length && char.IsAsciiLetter(s[letters]))
            {
                letters++;
            }

            if (s.Length < letters + 2 || s[letters] != ',' || s[letters + 1] != ' ')
            {
                return false;
            }

            s = s[(letters + 2)..];
        }

        var dayLength = s.Length > 1 && char.IsAsciiDigit(s[1]) ? 2 : 1;
        if (s.Length < dayLength + 20 || !TryDigits(s[..dayLength], out var day))
        {
            return false;
        }

        s = s[dayLength..];
        // " Mon yyyy HH:mm:ss " then the zone.
        if (s[0] != ' ' || s[4] != ' ' || s[9] != ' ' || s[12] != ':' || s[15] != ':' || s[18] != ' '
            || MonthOf(s.Slice(1, 3)) is not (> 0 and var month)
            || !TryDigits(s.Slice(5, 4), out var year) || !TryDigits(s.Slice(10, 2), out var hour)
            || !TryDigits(s.Slice(13, 2), out var minute) || !TryDigits(s.Slice(16, 2), out var second))
        {
            return false;
        }

        var zone = s[19..];
        TimeSpan offset;
        if (zone is ['+' or '-', _, _, _, _] && TryDigits(zone.Slice(1, 2), out var offsetHours) && TryDigits(zone.Slice(3, 2), out var offsetMinutes))
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = zone[0] == '-' ? offset.Negate() : offset;
        }
        else if (zone.Length is > 0 and <= 5 && _zoneHoursByName.TryGetValue(zone, out var hours))
        {
            offset = TimeSpan.FromHours(hours);
        }
        else
        {
            return false;
        }

        if (offset.Duration() > TimeSpan.FromHours(14) || year is < 2 or > 9998 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
        return true;
    }

    private static int MonthOf(ReadOnlySpan<char> name) => (name[0] | 0x20, name[1] | 0x20, name[2] | 0x20) switch
    {
        ('j', 'a', 'n') => 1,
        ('f', 'e', 'b') => 2,
        ('m', 'a', 'r') => 3,
        ('a', 'p', 'r') => 4,
        ('m', 'a', 'y') => 5,
        ('j', 'u', 'n') => 6,
        ('j', 'u', 'l') => 7,
        ('a', 'u', 'g') => 8,
        ('s', 'e', 'p') => 9,
        ('o', 'c', 't') => 10,
        ('n', 'o', 'v') => 11,
        ('d', 'e', 'c') => 12,
        _ => 0,
    };

    private static bool TryDigits(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return digits.Length > 0;
    }

    private static bool TryRfc822(string s, out DateTimeOffset value)
    {
        value = default;
        var m = Rfc822().Match(s);
        return m.Success && TryBuild(m.Groups["year"].Value, m.Groups["month"].Value, m.Groups["day"].Value, m, out value);
    }

    private static bool TryMonthFirst(string s, out DateTimeOffset value)
    {
        value = default;
        var m = MonthFirst().Match(s);
        return m.Success && TryBuild(m.Groups["year"].Value, m.Groups["month"].Value, m.Groups["day"].Value, m, out value);
    }

    private static bool TryBuild(string yearText, string monthText, string dayText, Match m, out DateTimeOffset value)
    {
        value = default;
        if (monthText.Length < 3 || !_months.TryGetValue(monthText[..3], out var month))
        {
            return false;
        }

        var year = int.Parse(yearText, CultureInfo.InvariantCulture);
        if (yearText.Length <= 2)
        {
            year += year < 50 ? 2000 : 1900;
        }

        var day = int.Parse(dayText, CultureInfo.InvariantCulture);
        var hour = int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture);
        var second = m.Groups["second"].Success ? int.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = m.Groups["ampm"].Value;
        if (ampm.Length > 0)
        {
            hour %= 12;
            if (ampm.StartsWith('P') || ampm.StartsWith('p'))
            {
                hour += 12;
            }
        }

        if (!TryZone(m.Groups["zone"].Value, out var offset))
        {
            return false;
        }

        if (year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second is folded into the next minute rather than rejected.
        value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
        return true;
    }

    private static bool TryZone(string zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        var z = ZoneComment().Replace(zone, string.Empty).Trim();
        if (z.Length == 0)
        {
            return true;
        }

        var m = ZoneParts().Match(z);
        if (!m.Success)
        {
            // An unknown zone name still leaves a usable date: treat it as UTC.
            return ZoneName().IsMatch(z);
        }

        var hours = m.Groups["name"].Success && _zoneHours.TryGetValue(m.Groups["name"].Value, out var known) ? known : 0;
        offset = TimeSpan.FromHours(hours);
        if (m.Groups["sign"].Success)
        {
            var digits = m.Groups["digits"].Value.Replace(":", string.Empty, StringComparison.Ordinal);
            var h = int.Parse(digits.Length <= 2 ? digits : digits[..^2], CultureInfo.InvariantCulture);
            var min = digits.Length <= 2 ? 0 : int.Parse(digits[^2..], CultureInfo.InvariantCulture);
            var extra = new TimeSpan(h, min, 0);
            offset += m.Groups["sign"].Value == "-" ? extra.Negate() : extra;
        }

        return offset.Duration() <= TimeSpan.FromHours(14);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex IsoLike();

    // [Day-name[,.]] d Month yy[yy] hh:mm[:ss] [zone]  - day names are ignored, whatever language or spelling.
    [GeneratedRegex(@"^(?:\p{L}+\.?,?\s*)?(?<day>\d{1,2})[\s\-]+(?<month>\p{L}{3,})\.?[\s\-]+(?<year>\d{4}|\d{2}),?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\.\d+)?\s*(?<ampm>[AaPp][Mm])?\s*(?<zone>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822();

    // [Day-name[,]] Month d[,] yyyy hh:mm[:ss] [AM|PM] [zone]  - JavaScript Date.toString() and US-style variants.
    [GeneratedRegex(@"^(?:\p{L}+\.?,?\s*)?(?<month>\p{L}{3,})\.?\s+(?<day>\d{1,2}),?\s+(?<year>\d{4}),?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<ampm>[AaPp][Mm])?\s*(?<zone>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthFirst();

    [GeneratedRegex(@"\(.*?\)", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneComment();

    [GeneratedRegex(@"^(?<name>[A-Za-z]{1,5})?\s*(?:(?<sign>[+\-])(?<digits>\d{1,2}(?::?\d{2})?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneParts();

    [GeneratedRegex(@"^[A-Za-z]{1,6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneName();
}
