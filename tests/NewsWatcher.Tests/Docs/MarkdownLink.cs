namespace NewsWatcher.Tests.Docs;

/// <summary>A link target or a code span found in a Markdown file, with its 1-based line.</summary>
internal sealed record MarkdownLink(int Line, string Text);
