namespace NewsWatcher.Cli;

/// <summary>Reads a tab-separated file of headlines (the corpus format) for <c>rules eval</c> and <c>rules replay</c>.</summary>
internal static class LabelledTsv
{
    /// <summary>The lines (header first) and each column's index by name; null, with the reason written to <paramref name="error"/>, when the file cannot be read or lacks a required column.</summary>
    /// <param name="hint">Appended to the missing-columns message, e.g. " (it needs id, title, description)".</param>
    public static async Task<(string[] Lines, Dictionary<string, int> Columns)?> ReadAsync(
        string input, IReadOnlyList<string> required, string hint, TextWriter error, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read {input}: {(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message)}").ConfigureAwait(false);
            return null;
        }

        var header = lines.Length > 0 ? lines[0].TrimEnd('\r').Split('\t') : [];
        var columns = header.Select((name, index) => (name: name.Trim(), index)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            await error.WriteLineAsync($"error: cannot read {input}: the header row lacks {string.Join(", ", missing)}{hint}").ConfigureAwait(false);
            return null;
        }

        return (lines, columns);
    }
}
