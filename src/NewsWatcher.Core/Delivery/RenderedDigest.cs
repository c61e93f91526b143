namespace NewsWatcher.Core.Delivery;

/// <summary>A digest rendered to mail parts. All feed text in <see cref="Html"/> is escaped.</summary>
public sealed record RenderedDigest(string Subject, string Text, string Html)
{
    /// <summary>
    /// Each editor's template that failed or passed its bounds (<see cref="TemplateLimits"/>) in this render; its part
    /// was rendered with the built-in template instead. Empty when none did.
    /// </summary>
    public IReadOnlyList<TemplateFallback> Fallbacks { get; init; } = [];
}
