using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Fetching;
using NewsWatcher.Mail;
using NewsWatcher.Scheduling;
using NewsWatcher.Storage;

namespace NewsWatcher.Cli;

/// <summary>Prints the effective settings for <c>check</c>, with every secret masked.</summary>
public static partial class SettingsPrinter
{
    public static void Print(IServiceProvider services, TextWriter output)
    {
        Section(output, StoreOptions.Section, services.GetRequiredService<IOptions<StoreOptions>>().Value);
        Section(output, SmtpOptions.Section, services.GetRequiredService<IOptions<SmtpOptions>>().Value);
        Section(output, OutboxOptions.Section, services.GetRequiredService<IOptions<OutboxOptions>>().Value);
        Section(output, DigestOptions.Section, services.GetRequiredService<IOptions<DigestOptions>>().Value);
        Section(output, FetchOptions.Section, services.GetRequiredService<IOptions<FetchOptions>>().Value);
        Section(output, SchedulingOptions.Section, services.GetRequiredService<IOptions<SchedulingOptions>>().Value);
        Section(output, Configuration.RulesReloadOptions.Section, services.GetRequiredService<IOptions<Configuration.RulesReloadOptions>>().Value);
        Section(output, ClusterOptions.Section, services.GetRequiredService<IOptions<ClusterOptions>>().Value);
        Section(output, Http.HttpOptions.Section, services.GetRequiredService<IOptions<Http.HttpOptions>>().Value);
        Section(output, Channels.ChannelOptions.Section, services.GetRequiredService<IOptions<Channels.ChannelOptions>>().Value);
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
        if (key == nameof(ClusterOptions.Database))
        {
            return SchedulerDatabase.Masked(value);
        }

        return RedisPassword().Replace(value, "${key}=****");
    }

    private static void Section(TextWriter output, string name, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = Convert.ToString(property.GetValue(options), System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"  {name}:{property.Name} = {Mask(property.Name, value)}");
        }
    }

    [GeneratedRegex("(?<key>password|user)=[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex RedisPassword();
}
