using System.Text.RegularExpressions;

namespace NewsWatcher.Cli;

/// <summary>
/// <c>--Section:Key=value</c> on the command line overrides that setting for one run, above appsettings.json and the
/// environment. The parser knows options by name, not by shape, so before parsing each such token becomes the hidden
/// <c>--setting Section:Key=value</c>; the host then reads them back as configuration.
/// </summary>
internal static partial class SettingOverrides
{
    public const string OptionName = "--setting";

    /// <summary>The tokens with every <c>--Section:Key=value</c> before a <c>--</c> turned into <see cref="OptionName"/> and its value.</summary>
    public static string[] Rewrite(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var tokens = new List<string>(args.Count);
        var literal = false;
        foreach (var arg in args)
        {
            literal |= arg == "--";
            if (!literal && Setting().IsMatch(arg))
            {
                tokens.Add(OptionName);
                tokens.Add(arg[2..]);
            }
            else
            {
                tokens.Add(arg);
            }
        }

        return [.. tokens];
    }

    /// <summary>True for <c>--Section:Key</c> without a value: a setting written the way other tools take options.</summary>
    public static bool LooksLikeSettingWithoutValue(string token) => SettingKey().IsMatch(token);

    /// <summary>The arguments for the configuration's command-line source (<c>--Section:Key=value</c> each).</summary>
    public static string[] ToConfigurationArgs(IEnumerable<string>? settings) => [.. (settings ?? []).Select(s => "--" + s)];

    /// <summary>Splits <c>Section:Key=value</c> at its first <c>=</c> (a value may hold more, as connection strings do).</summary>
    public static (string Key, string Value) Split(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (setting, "") : (setting[..equals], setting[(equals + 1)..]);
    }

    // A key has a section and at least one more segment; "--config:DIR" stays the parser's (no '=' after a segment).
    [GeneratedRegex(@"^--[A-Za-z][\w.-]*(:[\w.-]+)+=", RegexOptions.CultureInvariant)]
    private static partial Regex Setting();

    [GeneratedRegex(@"^--[A-Za-z][\w.-]*(:[\w.-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex SettingKey();
}
