using Microsoft.Extensions.Configuration;

namespace NewsWatcher.Configuration;

/// <summary>
/// Settings that were renamed: the old name keeps working, and <c>check</c> and the log at start say which name to use
/// instead. An old key someone set wins over its new name, because the shipped appsettings.json only has new names.
/// </summary>
internal static class SettingAliases
{
    /// <summary>Old key (or section) → its name now; the most specific first.</summary>
    public static readonly IReadOnlyList<(string Old, string New)> Renamed =
    [
        ("Redis:SeenTtl", "Dedup:SeenTtl"),
        ("Redis:TitleTtl", "Dedup:TitleTtl"),
        ("Redis:StoryWindow", "Dedup:StoryWindow"),
        ("Redis", "Storage"),
        ("Outbox", "MailFolder"),
    ];

    /// <summary>The current name of <paramref name="key"/> (<c>Section:Key[:…]</c>), or the key itself when it was never renamed.</summary>
    public static string Current(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (old, now) in Renamed)
        {
            if (string.Equals(key, old, StringComparison.OrdinalIgnoreCase))
            {
                return now;
            }

            if (key.StartsWith(old + ":", StringComparison.OrdinalIgnoreCase))
            {
                return now + key[old.Length..];
            }
        }

        return key;
    }

    /// <summary>
    /// Adds the value of every old key that is set under its current name, above all the sources so far, and returns
    /// the old keys found (as written, each with its current name) for the warnings.
    /// </summary>
    public static IReadOnlyList<(string Old, string New)> Apply(IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder as IConfiguration ?? builder.Build();
        var found = new List<(string Old, string New)>();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (old, _) in Renamed.Where(r => !r.Old.Contains(':', StringComparison.Ordinal)))
        {
            foreach (var (key, value) in settings.GetSection(old).AsEnumerable().Where(kv => kv.Value is not null))
            {
                var now = Current(key);
                values[now] = value;
                found.Add((key, now));
            }
        }

        if (values.Count > 0)
        {
            builder.AddInMemoryCollection(values);
        }

        return found;
    }
}

/// <summary>The renamed settings this process was given under their old names, for <c>check</c> and the log at start.</summary>
internal sealed record DeprecatedSettings(IReadOnlyList<(string Old, string New)> Keys)
{
    public IEnumerable<string> Warnings => Keys.Select(k => $"setting {k.Old} has a new name: {k.New} (the old one still works for now)");
}
