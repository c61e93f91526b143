namespace NewsWatcher.Core.Dedup;

/// <summary>Which conflict an article is about: the key its threads are kept under and, when an editor named it, the name.</summary>
/// <param name="Key">"named:russia-ukraine", "parties:Israel+Hamas" or "story:…" (told by story similarity).</param>
/// <param name="Name">The editor's name; null when the thread is named from its first development.</param>
public sealed record ThreadConflict(string Key, string? Name);
