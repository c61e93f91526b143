namespace NewsWatcher.Core.Dedup;

/// <summary>What an article did to its thread.</summary>
/// <param name="Thread">The thread after the article; null when it joined none (an "other" article with no open thread).</param>
/// <param name="Stamp">What the article's queued items carry; null when it joined no thread.</param>
public sealed record ThreadDecision(StoryThread? Thread, ThreadStamp? Stamp)
{
    public static ThreadDecision None { get; } = new(null, null);

    /// <summary>True when the article first reported a development: the one case a <c>developments</c> subscriber is alerted.</summary>
    public bool IsNewDevelopment => Stamp?.IsNewDevelopment == true;
}
