using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Watches;

/// <summary>The compiled watch rules; matches an article against all of them.</summary>
public sealed class WatchSet
{
    public WatchSet(IReadOnlyList<Watch> watches)
    {
        Watches = watches;
    }

    public IReadOnlyList<Watch> Watches { get; }

    /// <summary>Every watch the article matches, each with the terms that matched.</summary>
    public IReadOnlyList<WatchMatch> Match(Article article)
    {
        throw new NotImplementedException();
    }
}
