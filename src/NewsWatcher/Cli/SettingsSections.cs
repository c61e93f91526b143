using Microsoft.Extensions.Hosting;
using NewsWatcher.Configuration;
using NewsWatcher.Dedup;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Fetching;
using NewsWatcher.Http;
using NewsWatcher.Polling;
using NewsWatcher.Scheduling;
using NewsWatcher.Storage;

namespace NewsWatcher.Cli;

/// <summary>
/// The settings sections the worker reads, each with its options class: <c>check</c> prints them in this order, and
/// the command line takes <c>--Section:Key=value</c> only for a key one of them has (or any key under Logging).
/// </summary>
internal static class SettingsSections
{
    /// <summary>Sections with an options class; <c>check</c> prints each.</summary>
    public static readonly IReadOnlyList<(string Name, Type Options)> Printed =
    [
        (StorageOptions.Section, typeof(StorageOptions)),
        (DedupOptions.Section, typeof(DedupOptions)),
        (SmtpOptions.Section, typeof(SmtpOptions)),
        (MailFolderOptions.Section, typeof(MailFolderOptions)),
        (DigestOptions.Section, typeof(DigestOptions)),
        (FetchOptions.Section, typeof(FetchOptions)),
        (PollingOptions.Section, typeof(PollingOptions)),
        (RulesReloadOptions.Section, typeof(RulesReloadOptions)),
        (SchedulingOptions.Section, typeof(SchedulingOptions)),
        (HttpOptions.Section, typeof(HttpOptions)),
        (ChannelOptions.Section, typeof(ChannelOptions)),
        (HostSection, typeof(HostOptions)),
    ];

    /// <summary>The host's own section (graceful shutdown's timeout, among others).</summary>
    private const string HostSection = "Host";

    /// <summary>Log levels by category: free-form below the section, so any key is taken.</summary>
    private const string LoggingSection = "Logging";

    /// <summary>
    /// Null when <paramref name="key"/> (<c>Section:Key[:…]</c>) names a setting the worker reads, else what is wrong
    /// with it and the closest known spelling.
    /// </summary>
    public static string? Problem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = SettingAliases.Current(key).Split(':');
        var sections = Printed.Select(s => s.Name).Append(LoggingSection).ToList();
        var section = sections.FirstOrDefault(s => string.Equals(s, segments[0], StringComparison.OrdinalIgnoreCase));
        if (section is null)
        {
            return $"unknown settings section '{segments[0]}'{Suggestions.DidYouMean(segments[0], sections)}";
        }

        if (section == LoggingSection)
        {
            return null;
        }

        var type = Printed.First(s => s.Name == section).Options;
        var keys = type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToList();
        return keys.Any(k => string.Equals(k, segments[1], StringComparison.OrdinalIgnoreCase))
            ? null
            : $"unknown setting '{section}:{segments[1]}'{Suggestions.DidYouMean(segments[1], keys, k => $"{section}:{k}")}";
    }
}
