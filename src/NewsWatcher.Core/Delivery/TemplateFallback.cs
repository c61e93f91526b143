namespace NewsWatcher.Core.Delivery;

/// <summary>An editor's template that failed or passed its bounds in one render; the built-in template rendered its part.</summary>
/// <param name="File">The template file as messages name it, e.g. config/templates/digest.txt.liquid.</param>
/// <param name="Reason">Why, e.g. "rendering took more than 120,000 steps (a loop without bound?)".</param>
public sealed record TemplateFallback(string File, string Reason)
{
    public override string ToString() => $"{File}: {Reason}; the built-in template was used";
}
