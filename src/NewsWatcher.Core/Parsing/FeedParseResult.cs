using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Parsing;

/// <summary>What parsing one feed document produced. <see cref="Error"/> is set when the document was rejected.</summary>
public sealed record FeedParseResult(IReadOnlyList<Article> Articles, string? Error)
{
    public bool Succeeded => Error is null;

    public static FeedParseResult Failed(string error) => new([], error);
}
