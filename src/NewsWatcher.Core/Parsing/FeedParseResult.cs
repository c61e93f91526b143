namespace NewsWatcher.Core.Parsing;

/// <summary>What parsing one feed document produced. <see cref="Error"/> is set when the document was rejected.</summary>
public sealed record FeedParseResult(IReadOnlyList<Article> Articles, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>What had to be repaired to read the document (encoding guessed, entities fixed, items salvaged …); empty for a clean feed.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>
    /// How long the publisher asks readers to wait between polls: the channel's RSS <c>&lt;ttl&gt;</c> or its
    /// <c>sy:updatePeriod</c> / <c>sy:updateFrequency</c> (RSS 1.0 syndication module, also read at an Atom feed's root), the longer of the two.
    /// </summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Ok, recovered (readable after repairs) or rejected.</summary>
    public FeedParseStatus Kind => Error is not null ? FeedParseStatus.Rejected : Repairs.Count > 0 ? FeedParseStatus.Recovered : FeedParseStatus.Ok;

    /// <summary>The label of <see cref="Kind"/>: <c>ok</c>, <c>recovered</c> or <c>rejected</c>.</summary>
    public string Status => Kind.ToLabel();

    public static FeedParseResult Failed(string error) => new([], error);
}
