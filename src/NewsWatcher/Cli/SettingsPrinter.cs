using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Scheduling;

namespace NewsWatcher.Cli;

/// <summary>Prints the effective settings for <c>check</c>, with every secret masked.</summary>
internal static partial class SettingsPrinter
{
    public static void Print(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var (name, type) in SettingsSections.Printed)
        {
            var accessor = typeof(IOptions<>).MakeGenericType(type);
            Section(output, name, accessor.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(accessor))!);
        }
    }

    /// <summary>Masks a value if its key names a secret, and any password inside a Redis connection string.</summary>
    public static string Mask(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if ((key.Contains("Password", StringComparison.OrdinalIgnoreCase) || key == "TokenKey") && !key.EndsWith("File", StringComparison.Ordinal))
        {
            return "****";
        }

        // A PostgreSQL connection string separates with ';' and may spell the key "Pwd": Npgsql reads and masks it.
        if (key == nameof(SchedulingOptions.Database))
        {
            return SchedulerDatabase.Masked(value);
        }

        return RedisPassword().Replace(value, "${key}=****");
    }

    private static void Section(TextWriter output, string name, object options)
    {
        // Only what can be set: a derived property (Scheduling's Clustered) is not a setting.
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = Convert.ToString(property.GetValue(options), System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"  {name}:{property.Name} = {Mask(property.Name, value)}");
        }
    }

    [GeneratedRegex("(?<key>password|user)=[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex RedisPassword();
}
