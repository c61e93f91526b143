namespace NewsWatcher.Core.Parsing;

/// <summary>What parsing one feed document came to. Its label (<see cref="FeedParseStatusLabels.ToLabel"/>) is the <c>feeds parse</c> TSV column.</summary>
public enum FeedParseStatus
{
    /// <summary>Read as it is.</summary>
    Ok,

    /// <summary>Readable after repairs.</summary>
    Recovered,

    /// <summary>Not a readable feed.</summary>
    Rejected,
}
