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

    /// <summary>Parses <paramref name="text"/>; a missing time zone means UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
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
