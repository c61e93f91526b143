using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace NewsWatcher.Cli;

/// <summary>
/// Checks each setting's raw text against its option's type before anything binds it: the binder would throw an
/// unhandled exception on <c>abc</c> for a duration and read a bare <c>5</c> as five days. Each problem names the key,
/// the value, where it came from and how to write it.
/// </summary>
internal static class SettingValues
{
    /// <summary>One line per setting whose value its option cannot take; empty when all can.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var (section, type) in SettingsSections.Printed)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}:{property.Name}";
                if (configuration[key] is { } value && Problem(property.PropertyType, value) is { } problem)
                {
                    problems.Add($"{key} = '{value}'{Source(configuration, key)}: {problem}");
                }
            }
        }

        return problems;
    }

    /// <summary>What is wrong with <paramref name="value"/> for a setting of <paramref name="type"/>; null when it reads.</summary>
    internal static string? Problem(Type type, string value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        type = Nullable.GetUnderlyingType(type) ?? type;
        var text = value.Trim();
        if (type == typeof(TimeSpan))
        {
            // TimeSpan.Parse takes "5" as five days: a duration must say its unit by its shape.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"a bare number is not a duration ({text} would be read as {text} days); write [d.]hh:mm:ss, e.g. 00:05:00 for five minutes";
            }

            return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _)
                ? null
                : "not a duration; write [d.]hh:mm:ss, e.g. 00:00:30 for 30 seconds or 1.00:00:00 for a day";
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            return names.Any(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"must be one of {string.Join(", ", names)}{Suggestions.DidYouMean(text, names)}";
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out _) ? null : "must be true or false";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue)
                ? null
                : "not a whole number";
        }

        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "not a number";
        }

        // Text, lists and anything else the binder reads its own way.
        return null;
    }

    /// <summary>" (from the environment variable Fetch__Timeout)" and the like: the source that set the value in use.</summary>
    private static string Source(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return "";
        }

        var provider = root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _));
        return provider switch
        {
            CommandLineConfigurationProvider => $" (from the command line: --{key})",
            EnvironmentVariablesConfigurationProvider => $" (from the environment variable {key.Replace(":", "__", StringComparison.Ordinal)})",
            JsonConfigurationProvider json => $" (from {json.Source.Path})",
            _ => "",
        };
    }
}
