namespace NewsWatcher.Core.Dedup;

/// <summary>
/// What a queued item carries of its thread: the thread, the development the article reports, and the developments
/// before it (the alert's "Earlier: …" line). Null on items queued before threads existed, which send as before.
/// </summary>
/// <param name="IsNewDevelopment">True when this article first reported <paramref name="Development"/>; false for a further source.</param>
public sealed record ThreadStamp(string Id, string Name, ThreadDevelopment Development, IReadOnlyList<ThreadDevelopment> Earlier, bool IsNewDevelopment)
{
    /// <summary>The conflict key the thread is kept under (<see cref="ThreadConflict.Key"/>); null on stamps made before story pages.</summary>
    public string? Key { get; init; }

    /// <summary>The signed link to the thread's read-only page up to this development, set when the message is composed with Http:PublicUrl; null otherwise.</summary>
    public string? Url { get; init; }
}
