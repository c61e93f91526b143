using NewsWatcher.Core.Delivery;
using NewsWatcher.Testing;
using static NewsWatcher.Core.Tests.Delivery.DigestSamples;

namespace NewsWatcher.Core.Tests.Delivery;

/// <summary>An editor's template runs within bounds; over them its part is rendered with the built-in template, and says so.</summary>
public sealed class TemplateLimitsTests
{
    private const string TextFile = "config/templates/digest.txt.liquid";
    private const string HtmlFile = "config/templates/digest.html.liquid";
    private static readonly Dictionary<string, string> FeedNames = new(StringComparer.Ordinal) { ["feed-1"] = "Example News" };

    [Fact]
    public void Render_TripleNestedLoop_FallsBackToTheBuiltInTemplateAndSaysWhy()
    {
        var templates = DigestTemplates.Parse(
            null, HtmlFile, "{% for a in (1..100) %}{% for b in (1..100) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}", TextFile);

        var rendered = DigestRenderer.Render(Compose(Item("1", "Kyiv accepts truce")), FeedNames, templates);

        Assert.Empty(templates.Errors);
        Assert.Equal($"{TextFile}: rendering took more than {TemplateLimits.Steps(1):N0} steps (a loop without bound?); the built-in template was used", Assert.Single(rendered.Fallbacks).ToString());
        Assert.Equal(DigestRenderer.Render(Compose(Item("1", "Kyiv accepts truce")), FeedNames).Text, rendered.Text);
        Assert.Contains("Kyiv accepts truce", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OutputPastItsBound_FallsBackToTheBuiltInTemplate()
    {
        var footers = string.Concat(Enumerable.Repeat("{{ digest.footer }}", 50));
        var templates = DigestTemplates.Parse("{% for a in (1..5000) %}" + footers + "{% endfor %}", HtmlFile, null, TextFile);

        var rendered = DigestRenderer.Render(Compose(Item("1", "Kyiv accepts truce")), FeedNames, templates);

        Assert.Equal($"{HtmlFile}: its output passed {TemplateLimits.OutputChars(1):N0} characters; the built-in template was used", Assert.Single(rendered.Fallbacks).ToString());
        Assert.StartsWith("<!DOCTYPE html>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShippedTemplatesAsEditorFilesOverAThousandItems_StayWithinTheBounds()
    {
        var config = Path.Combine(Corpus.RepositoryRoot, "config", "templates");
        var templates = DigestTemplates.Parse(
            File.ReadAllText(Path.Combine(config, DigestTemplates.HtmlFileName)), HtmlFile, File.ReadAllText(Path.Combine(config, DigestTemplates.TextFileName)), TextFile);
        var items = Enumerable.Range(0, 1000).Select(i => Item($"{i}", $"Truce report {i}", summary: new string('x', 300))).ToArray();

        var rendered = DigestRenderer.Render(Compose(items), FeedNames, templates);

        Assert.Empty(rendered.Fallbacks);
        Assert.Contains("Truce report 999", rendered.Text, StringComparison.Ordinal);
    }
}
