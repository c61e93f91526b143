using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Cli;

/// <summary>The <c>check</c> command's run of the editors' examples (<c>examples:</c> in watches.yaml and stages.yaml).</summary>
internal static class ExampleCheck
{
    /// <returns>An error for each example that is written wrong or no longer holds; check fails when there are any.</returns>
    public static IReadOnlyList<ConfigError> Print(EditorConfig config, string configDirectory, TextWriter output)
    {
        var (count, errors) = EditorConfigLoader.CheckExamples(configDirectory, config.Watches, config.Stages);
        output.WriteLine(errors.Count == 0 ? $"  examples: {count}, all hold" : $"  examples: {count}, {errors.Count} do not hold");
        return errors;
    }
}
