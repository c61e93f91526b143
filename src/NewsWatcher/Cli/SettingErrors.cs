using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Cli;

/// <summary>
/// Options validation failures as a person configures them: "Polling:DefaultInterval: must be between …", not the
/// generated "DefaultInterval: The field PollingOptions.DefaultInterval must be between …".
/// </summary>
internal static partial class SettingErrors
{
    public static IEnumerable<string> Describe(OptionsValidationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var section = SettingsSections.Printed.FirstOrDefault(s => s.Options == exception.OptionsType).Name;
        return exception.Failures.Select(failure => Describe(section, failure));
    }

    /// <param name="section">The options' section, e.g. Polling; null leaves the failure as it is.</param>
    /// <param name="failure">One failure as a validator wrote it.</param>
    internal static string Describe(string? section, string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);

        // Hand-written validators name the key themselves (ValidateOptionsResultBuilder adds "Property ").
        if (HandWritten().Match(failure) is { Success: true } named)
        {
            return $"{named.Groups["key"].Value}: {named.Groups["rest"].Value}";
        }

        if (section is null)
        {
            return failure;
        }

        // The source-generated data-annotation checks: "Member: The field Type.Member …" and "Member: The Type.Member field …".
        return Generated().Match(failure) is { Success: true } generated
            ? $"{section}:{generated.Groups["member"].Value}: {generated.Groups["rest"].Value.TrimEnd('.')}"
            : failure;
    }

    [GeneratedRegex(@"^Property (?<key>[A-Za-z]+:[A-Za-z]+): (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex HandWritten();

    [GeneratedRegex(@"^(?<member>\w+): The (?:field \w+\.\w+ |\w+\.\w+ field )(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Generated();
}
