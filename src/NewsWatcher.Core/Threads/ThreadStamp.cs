namespace NewsWatcher.Core.Threads;

/// <summary>
/// What a queued item carries of its thread: the thread, the development the article reports, and the developments
/// before it (the alert's "Earlier: …" line). Null on items queued before threads existed, which send as before.
/// </summary>
/// <param name="IsNewDevelopment">True when this article first reported <paramref name="Development"/>; false for a further source.</param>
public sealed record ThreadStamp(string Id, string Name, ThreadDevelopment Development, IReadOnlyList<ThreadDevelopment> Earlier, bool IsNewDevelopment);
