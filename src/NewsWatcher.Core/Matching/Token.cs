namespace NewsWatcher.Core.Matching;

/// <summary>
/// A folded token of a field: where its folded text sits in the field's buffer, where it sits in the original text
/// (so spans point at what the reader sees), and the index of the word it is part of (for NEAR distances).
/// </summary>
internal readonly record struct Token(int FoldStart, int FoldLength, int Start, int End, int Word);
