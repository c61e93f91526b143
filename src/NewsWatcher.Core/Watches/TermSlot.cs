namespace NewsWatcher.Core.Watches;

/// <summary>One word of a compiled term: its folded parts, its joined form, and whether it is a prefix.</summary>
internal sealed record TermSlot(IReadOnlyList<string> Parts, string Joined, bool Prefix)
{
    public static bool Same(string token, string expected, bool prefix) =>
        prefix ? token.StartsWith(expected, StringComparison.Ordinal) : string.Equals(token, expected, StringComparison.Ordinal);
}
