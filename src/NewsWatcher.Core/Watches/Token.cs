namespace NewsWatcher.Core.Watches;

/// <summary>A normalised word with its place in the original text (char offsets, so spans point at what the reader sees).</summary>
internal readonly record struct Token(string Text, int Start, int Length)
{
    public int End => Start + Length;
}
