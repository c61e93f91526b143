namespace NewsWatcher.Core.Delivery;

/// <summary>The digest's fixed order of importance for watch categories, and their display titles.</summary>
public static class DigestCategories
{
    public const string Other = "other";

    /// <summary>Most important first: a violation or rejection matters more to a reader than a proposal.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        "violation",
        "rejection",
        "acceptance",
        "agreement",
        "proposal",
        "talks",
        "exchange",
        "humanitarian",
        Other,
    ];

    /// <summary>Position in <see cref="Order"/>; unknown or empty categories rank as "other".</summary>
    public static int Rank(string? category)
    {
        var normalized = Normalize(category);
        for (var i = 0; i < Order.Count; i++)
        {
            if (string.Equals(Order[i], normalized, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Order.Count - 1;
    }

    /// <summary>Lower-cased known category, or "other" for anything we do not rank.</summary>
    public static string Normalize(string? category)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return Other;
        }

        var trimmed = category.Trim();
        foreach (var known in Order)
        {
            if (string.Equals(known, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return Other;
    }

    /// <summary>"violation" becomes "Violation".</summary>
    public static string Title(string category)
    {
        var normalized = Normalize(category);
        return string.Concat(char.ToUpperInvariant(normalized[0]).ToString(), normalized[1..]);
    }

    /// <summary>The development a category stands for, as a subject names it: "acceptance" is "Truce accepted".</summary>
    public static string Development(string category) => Normalize(category) switch
    {
        "violation" => "Truce violated",
        "rejection" => "Truce rejected",
        "acceptance" => "Truce accepted",
        "agreement" => "Truce agreed",
        "proposal" => "Truce proposed",
        "talks" => "Talks",
        "exchange" => "Exchange",
        "humanitarian" => "Humanitarian",
        _ => "Cease-fire news",
    };
}
