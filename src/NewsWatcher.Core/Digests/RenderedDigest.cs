namespace NewsWatcher.Core.Digests;

/// <summary>A digest rendered to mail parts. All feed text in <see cref="Html"/> is escaped.</summary>
public sealed record RenderedDigest(string Subject, string Text, string Html);
