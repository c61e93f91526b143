namespace NewsWatcher.Core.Configuration;

/// <summary>A problem in an editor file, located so a person can fix it: <c>file:line[:column]: message</c>.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    public override string ToString() =>
        Line <= 0 ? $"{File}: {Message}"
        : Column <= 0 ? $"{File}:{Line}: {Message}"
        : $"{File}:{Line}:{Column}: {Message}";
}
