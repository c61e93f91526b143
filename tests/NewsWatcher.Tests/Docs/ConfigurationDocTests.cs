using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Docs;

/// <summary>
/// docs/configuration.md cannot drift from the code: every public settable property of every options class bound to a
/// configuration section (the host's own Host section included, which <c>check</c> prints too) is listed as
/// <c>Section:Key</c>, every listed key exists, and each documented default is the one the code and
/// config/appsettings.json give.
/// </summary>
public sealed partial class ConfigurationDocTests
{
    private static readonly string ReferencePath = Path.Combine(DocSet.Root, "docs", "configuration.md");

    [Fact]
    public void Reference_EveryOptionsProperty_IsDocumented()
    {
        var documented = DocumentedKeys().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var settings = OptionsSettings();

        var missing = settings.Keys.Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(settings.Count >= 60, $"only {settings.Count} settings found on the options classes; the discovery has stopped seeing them");
        Assert.True(missing.Count == 0, "settings missing from docs/configuration.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Reference_EveryDocumentedKey_Exists()
    {
        var settings = OptionsSettings();

        var unknown = DocumentedKeys().Where(k => SettingType(k.Key, settings) is null).Select(k => k.Key).ToList();

        Assert.True(unknown.Count == 0, "docs/configuration.md lists keys no options class has: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Reference_EveryDefault_MatchesCodeAndAppsettings()
    {
        var settings = OptionsSettings();
        var appsettings = new ConfigurationBuilder().AddJsonFile(Path.Combine(DocSet.Root, "config", "appsettings.json")).Build();
        var problems = new List<string>();

        foreach (var (key, documentedDefault) in DocumentedKeys())
        {
            var type = SettingType(key, settings);
            if (type is null)
            {
                continue; // Reported by Reference_EveryDocumentedKey_Exists.
            }

            var codeDefault = CodeDefault(key, settings);
            var shipped = appsettings[key];
            if (shipped is not null && codeDefault is not null && !SameValue(type, shipped, codeDefault))
            {
                problems.Add($"{key}: config/appsettings.json has '{shipped}', the code default is '{codeDefault}'");
            }

            var effective = shipped ?? codeDefault;
            if (effective is null || !SameValue(type, documentedDefault, effective))
            {
                problems.Add($"{key}: documented default '{documentedDefault}', actual '{effective ?? "(none)"}'");
            }
        }

        Assert.True(problems.Count == 0, "docs/configuration.md defaults that differ:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Reference_EveryKeyInShippedAppsettings_IsDocumented()
    {
        var documented = DocumentedKeys().Select(k => k.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var appsettings = new ConfigurationBuilder().AddJsonFile(Path.Combine(DocSet.Root, "config", "appsettings.json")).Build();

        // Log levels are per logging category, a list without end; the reference names the one NewsWatcher adds.
        var undocumented = appsettings.AsEnumerable()
            .Where(kv => kv.Value is not null && !kv.Key.StartsWith("Logging:LogLevel:", StringComparison.Ordinal) && !documented.Contains(kv.Key))
            .Select(kv => kv.Key)
            .ToList();

        Assert.True(undocumented.Count == 0, "config/appsettings.json sets keys docs/configuration.md does not list: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Mentions_SettingsNamedInReadmeAndDocs_AreDocumentedKeys()
    {
        var documented = DocumentedKeys().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var sections = OptionsSettings().Keys.Select(k => k.Split(':')[0]).Append("Host").ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var mentions = 0;

        foreach (var file in DocSet.Files(DocSet.Root))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match mention in SettingMention().Matches(lines[i]))
                {
                    if (!sections.Contains(mention.Groups["section"].Value))
                    {
                        continue;
                    }

                    mentions++;
                    var key = $"{mention.Groups["section"].Value}:{mention.Groups["key"].Value}";
                    if (!documented.Contains(key))
                    {
                        problems.Add($"{Path.GetRelativePath(DocSet.Root, file)}:{i + 1}: {mention.Value} is not in docs/configuration.md");
                    }
                }
            }
        }

        Assert.True(mentions >= 100, $"only {mentions} settings mentioned; the scan has stopped seeing them");
        Assert.True(problems.Count == 0, "settings named in the docs that do not exist:\n" + string.Join('\n', problems));
    }

    /// <summary>The first two columns of every table row in docs/configuration.md whose first cell is a <c>Section:Key</c>.</summary>
    private static List<(string Key, string Default)> DocumentedKeys()
    {
        var rows = File.ReadAllLines(ReferencePath)
            .Select(line => ReferenceRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["key"].Value, m.Groups["default"].Value.Trim()))
            .ToList();
        Assert.True(rows.Count >= 60, $"docs/configuration.md: only {rows.Count} setting rows found");
        return rows;
    }

    /// <summary>Every public settable property of every options class that declares the section it binds (<c>const string Section</c>).</summary>
    private static Dictionary<string, (Type Options, PropertyInfo Property)> OptionsSettings()
    {
        var settings = new Dictionary<string, (Type, PropertyInfo)>(StringComparer.Ordinal);
        var types = typeof(SmtpOptions).Assembly.GetTypes()
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? field.GetRawConstantValue() as string : null))
            .Where(t => t.Section is not null)
            .ToList();
        Assert.True(types.Count >= 10, $"only {types.Count} options classes with a Section found");

        foreach (var (type, section) in types)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                settings.Add($"{section}:{property.Name}", (type, property));
            }
        }

        // .NET binds the Host section itself (Host:ShutdownTimeout and the rest); check prints every key of it.
        foreach (var property in typeof(HostOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            settings.Add($"Host:{property.Name}", (typeof(HostOptions), property));
        }

        return settings;
    }

    /// <summary>The type of a documented key, or null when nothing binds it. Host and Logging are bound by .NET itself.</summary>
    private static Type? SettingType(string key, Dictionary<string, (Type Options, PropertyInfo Property)> settings)
    {
        if (settings.TryGetValue(key, out var setting))
        {
            return setting.Property.PropertyType;
        }

        var parts = key.Split(':');
        return parts switch
        {
            ["Host", var name] => Settable(typeof(HostOptions), name),
            ["Logging", "Console", var name] => Settable(typeof(ConsoleLoggerOptions), name),
            ["Logging", "LogLevel", _] => typeof(Microsoft.Extensions.Logging.LogLevel),
            _ => null,
        };

        static Type? Settable(Type options, string name) =>
            options.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { SetMethod.IsPublic: true } property ? property.PropertyType : null;
    }

    private static string? CodeDefault(string key, Dictionary<string, (Type Options, PropertyInfo Property)> settings)
    {
        object? value = settings.TryGetValue(key, out var setting) ? setting.Property.GetValue(Activator.CreateInstance(setting.Options))
            : key.Split(':') is ["Host", var name] ? typeof(HostOptions).GetProperty(name)!.GetValue(new HostOptions())
            : null;
        return value switch
        {
            null => null,
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    /// <summary>Whether a documented or shipped value means <paramref name="actual"/>. "empty" is the empty string; a … stands for the middle of a long value.</summary>
    private static bool SameValue(Type type, string written, string actual)
    {
        var text = written.Trim();
        if (text.Length >= 2 && text[0] == '`' && text[^1] == '`')
        {
            text = text[1..^1];
        }
        else if (text == "empty")
        {
            text = "";
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span == TimeSpan.Parse(actual, CultureInfo.InvariantCulture);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number == long.Parse(actual, CultureInfo.InvariantCulture);
        }

        if (type == typeof(bool) || type.IsEnum)
        {
            return string.Equals(text, actual, StringComparison.OrdinalIgnoreCase);
        }

        var ellipsis = text.IndexOf('…', StringComparison.Ordinal);
        return ellipsis < 0
            ? text == actual
            : actual.StartsWith(text[..ellipsis], StringComparison.Ordinal) && actual.EndsWith(text[(ellipsis + 1)..], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\|\s*`(?<key>[A-Za-z]+(?::[A-Za-z.]+)+)`\s*\|(?<default>[^|]*)\|")]
    private static partial Regex ReferenceRow();

    [GeneratedRegex(@"\b(?<section>[A-Z][A-Za-z]+)(?::|__)(?<key>[A-Z][A-Za-z]*)\b")]
    private static partial Regex SettingMention();
}
