namespace NewsWatcher.Core.Watches;

/// <summary>Root of the watch query tree. The simple any/all/none form compiles to these nodes; a full query language can later parse to them too.</summary>
public abstract record Query;
