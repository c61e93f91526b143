namespace NewsWatcher.Core.Watches;

/// <summary>
/// A hyphen- or apostrophe-joined word ("cease-fire", "перемир'я") as one token spanning the part tokens
/// <paramref name="First"/>..<paramref name="Last"/>; hyphens are dropped from the text so "cease-fire" reads "ceasefire".
/// </summary>
internal readonly record struct CompoundToken(string Text, int First, int Last);
