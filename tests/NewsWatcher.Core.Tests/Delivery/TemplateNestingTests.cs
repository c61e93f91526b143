using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Core.Tests.Delivery;

/// <summary>
/// Fluid recurses once per nested block or bracket, so a deeply nested template would end the process with a stack
/// overflow; it is refused with its position instead and the built-in template serves.
/// </summary>
public sealed class TemplateNestingTests
{
    private const string HtmlPath = "config/templates/digest.html.liquid";

    [Fact]
    public void Parse_BlocksNestedPastTheLimit_ReportsLineAndColumnAndUsesBuiltIn()
    {
        var depth = TemplateNesting.MaxDepth + 1;
        var source = "<p>\n" + string.Concat(Enumerable.Repeat("{% if digest.count %}", depth)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", depth));

        var templates = DigestTemplates.Parse(source, HtmlPath, null, "t");

        var error = Assert.Single(templates.Errors);
        Assert.Equal((2, 1 + (TemplateNesting.MaxDepth * 21)), (error.Line, error.Column));
        Assert.Contains("nest more than 32 levels deep", error.Message, StringComparison.Ordinal);
        Assert.Contains("using the built-in template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BlocksAtTheLimit_Parse()
    {
        var depth = TemplateNesting.MaxDepth;
        var source = string.Concat(Enumerable.Repeat("{% for s in digest.sections %}", depth)) + "x" + string.Concat(Enumerable.Repeat("{% endfor %}", depth));

        Assert.Empty(DigestTemplates.Parse(source, HtmlPath, null, "t").Errors);
    }

    [Theory]
    [InlineData("{% if a %}", "{% endif %}")]
    [InlineData("{% liquid\nif a\n", "endif\n%}")]
    public void Parse_TenThousandNestedBlocks_ReportsInsteadOfOverflowingTheStack(string open, string close)
    {
        var source = string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000));

        var templates = DigestTemplates.Parse(source, HtmlPath, null, "t");

        Assert.Contains("levels deep", Assert.Single(templates.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenThousandNestedBrackets_ReportsInsteadOfOverflowingTheStack()
    {
        var source = "{{ " + new string('(', 10_000) + "a" + new string(')', 10_000) + " }}";

        var templates = DigestTemplates.Parse(source, HtmlPath, null, "t");

        var error = Assert.Single(templates.Errors);
        Assert.Equal((1, 4 + TemplateNesting.MaxDepth), (error.Line, error.Column));
        Assert.Contains("brackets nest more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_TagsInsideRawAndCommentAndStrings_AreNotCounted()
    {
        var deep = string.Concat(Enumerable.Repeat("{% if a %}", 100));
        var source = "{% raw %}" + deep + "{% endraw %}{%- comment -%}" + deep + "{%- endcomment -%}{{ \"" + new string('(', 100) + "\" }}";

        Assert.Null(TemplateNesting.Find(source));
        Assert.Empty(DigestTemplates.Parse(source, HtmlPath, null, "t").Errors);
    }
}
