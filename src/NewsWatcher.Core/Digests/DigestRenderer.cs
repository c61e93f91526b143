namespace NewsWatcher.Core.Digests;

/// <summary>Renders a digest to a plain-text and an HTML part.</summary>
public static class DigestRenderer
{
    /// <param name="feedNames">Feed id to display name, for the "source" of each item.</param>
    public static RenderedDigest Render(Digest digest, IReadOnlyDictionary<string, string> feedNames) =>
        throw new NotImplementedException();
}
