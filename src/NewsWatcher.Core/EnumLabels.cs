namespace NewsWatcher.Core;

/// <summary>The reverse lookup shared by the outcome enums whose labels go to metrics and output (each keeps its own ToLabel).</summary>
internal static class EnumLabels
{
    public static bool TryParse<T>(string? label, Func<T, string> toLabel, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(toLabel(candidate), label, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
