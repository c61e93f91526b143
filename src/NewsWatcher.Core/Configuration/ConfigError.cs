namespace NewsWatcher.Core.Configuration;

/// <summary>A problem in an editor file, located so a person can fix it: <c>file:line[:column]: message</c>.</summary>
/// <param name="SourceLine">The offending line as written; when set (with a column) it is shown under the message with a caret.</param>
public sealed record ConfigError(string File, int Line, int Column, string Message, string? SourceLine = null)
{
    public override string ToString()
    {
        var location =
            Line <= 0 ? $"{File}: {Message}"
            : Column <= 0 ? $"{File}:{Line}: {Message}"
            : $"{File}:{Line}:{Column}: {Message}";
        if (SourceLine is null || Column <= 0)
        {
            return location;
        }

        // Tabs are kept in the padding so the caret lines up however the terminal renders them.
        var pad = new string([.. SourceLine.Take(Column - 1).Select(c => c == '\t' ? '\t' : ' ')]);
        return $"{location}{Environment.NewLine}    {SourceLine}{Environment.NewLine}    {pad}^";
    }
}
