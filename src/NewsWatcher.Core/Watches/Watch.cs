namespace NewsWatcher.Core.Watches;

/// <summary>A compiled watch rule: what it is called, how it is classified, and the query it runs.</summary>
public sealed record Watch(string Id, string Name, string Category, WatchPriority Priority, Query Query, int Line = 0);
