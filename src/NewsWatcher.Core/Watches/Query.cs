namespace NewsWatcher.Core.Watches;

/// <summary>Root of the watch query tree, parsed from the query language or built from the any/all/none form.</summary>
public abstract record Query;
