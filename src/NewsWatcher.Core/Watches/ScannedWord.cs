namespace NewsWatcher.Core.Watches;

/// <summary>
/// One word as written, split at inner hyphens and apostrophes into folded parts.
/// <paramref name="Joined"/> is the folded whole with hyphens dropped and apostrophes kept ("cease-fire" → "ceasefire").
/// </summary>
internal sealed record ScannedWord(int Start, int End, IReadOnlyList<Token> Parts, string Joined);
