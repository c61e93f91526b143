using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Parsing;

/// <summary>What parsing one feed document produced. <see cref="Error"/> is set when the document was rejected.</summary>
public sealed record FeedParseResult(IReadOnlyList<Article> Articles, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>What had to be repaired to read the document (encoding guessed, entities fixed, items salvaged …); empty for a clean feed.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>The channel's RSS <c>&lt;ttl&gt;</c>: how long the publisher asks readers to wait between polls.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary><c>ok</c>, <c>recovered</c> (readable after repairs) or <c>rejected</c>.</summary>
    public string Status => Error is not null ? "rejected" : Repairs.Count > 0 ? "recovered" : "ok";

    public static FeedParseResult Failed(string error) => new([], error);
}
