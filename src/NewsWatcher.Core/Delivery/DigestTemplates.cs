using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// The Liquid templates (rendered by Fluid) for a digest's HTML and text parts. A template that does not parse is
/// reported with its line and replaced by the built-in default, which ships as config/templates/ and is compiled in.
/// </summary>
public sealed partial class DigestTemplates
{
    public const string HtmlFileName = "digest.html.liquid";
    public const string TextFileName = "digest.txt.liquid";

    private static readonly FluidParser Parser = new();

    // Escapes markup characters (and '+') but leaves letters of every script as they are: Cyrillic headlines stay readable in the source.
    private static readonly HtmlEncoder Html5 = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly Lazy<DigestTemplates> Default = new(() => new DigestTemplates(
        Parse(BuiltInSource(HtmlFileName), HtmlFileName, []) ?? throw new InvalidOperationException("The built-in HTML template does not parse."),
        Parse(BuiltInSource(TextFileName), TextFileName, []) ?? throw new InvalidOperationException("The built-in text template does not parse."),
        []));

    private DigestTemplates(IFluidTemplate html, IFluidTemplate text, IReadOnlyList<ConfigError> errors, string? htmlFile = null, string? textFile = null)
    {
        Html = html;
        Text = text;
        Errors = errors;
        HtmlFile = htmlFile;
        TextFile = textFile;
    }

    /// <summary>The templates compiled into the program (the same files as config/templates/).</summary>
    public static DigestTemplates BuiltIn => Default.Value;

    /// <summary>Why an editor's template is not in use; empty when both parsed.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    internal IFluidTemplate Html { get; }

    internal IFluidTemplate Text { get; }

    /// <summary>The editor's HTML template file in use, as messages name it; null when the built-in one is.</summary>
    public string? HtmlFile { get; }

    /// <summary>The editor's text template file in use; null when the built-in one is.</summary>
    public string? TextFile { get; }

    /// <summary>Parses the editor's templates; a null source (no file) or a broken one uses the built-in default for that part.</summary>
    /// <param name="htmlPath">How to name the HTML file in messages, e.g. config/templates/digest.html.liquid.</param>
    public static DigestTemplates Parse(string? htmlSource, string htmlPath, string? textSource, string textPath)
    {
        var errors = new List<ConfigError>();
        var html = htmlSource is null ? null : Parse(htmlSource, htmlPath, errors);
        var text = textSource is null ? null : Parse(textSource, textPath, errors);
        return new DigestTemplates(html ?? BuiltIn.Html, text ?? BuiltIn.Text, errors, html is null ? null : htmlPath, text is null ? null : textPath);
    }

    /// <summary>The text of a built-in template, for tests and for editors who want to start over.</summary>
    public static string BuiltInSource(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("NewsWatcher.Core.Templates." + fileName)
            ?? throw new ArgumentException($"No built-in template '{fileName}'.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static string Render(IFluidTemplate template, TemplateContext context, bool html) =>
        template.Render(context, html ? Html5 : NullEncoder.Default);

    /// <summary>Renders into a writer that stops at <paramref name="maxChars"/> (throwing), the context's step limit set by the caller.</summary>
    internal static string Render(IFluidTemplate template, TemplateContext context, bool html, int maxChars)
    {
        using var writer = new BoundedWriter(maxChars);
        var rendering = template.RenderAsync(writer, html ? Html5 : NullEncoder.Default, context);
        if (!rendering.IsCompletedSuccessfully)
        {
            rendering.AsTask().GetAwaiter().GetResult();
        }

        return writer.ToString();
    }

    private static IFluidTemplate? Parse(string source, string path, List<ConfigError> errors)
    {
        if (TemplateNesting.Find(source) is { } deep)
        {
            errors.Add(new ConfigError(path, deep.Line, deep.Column, $"template error: {deep.Message}; using the built-in template until it is fixed"));
            return null;
        }

        if (Parser.TryParse(source, out var template, out var error))
        {
            return template;
        }

        // Fluid names the place as "(line:column)"; editors get it in the usual file:line:column form.
        var at = Position().Match(error);
        var line = at.Success ? int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var column = at.Success ? int.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        var message = at.Success ? error.Remove(at.Index, at.Length).Trim().TrimEnd(',', '.', ' ') : error;
        errors.Add(new ConfigError(path, line, column, $"template error: {message}; using the built-in template until it is fixed"));
        return null;
    }

    [GeneratedRegex(@"\s*(?:at\s*)?\((\d+):(\d+)\)")]
    private static partial Regex Position();
}
