using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Mail;

namespace NewsWatcher.Cli;

/// <summary>The <c>check</c> command's report on the digest templates: a broken one is a warning, since the built-in default stands in.</summary>
internal static class TemplateCheck
{
    public static void Print(IServiceProvider services, TextWriter output)
    {
        var templates = services.GetRequiredService<DigestTemplateProvider>().Current;
        foreach (var error in templates.Errors)
        {
            output.WriteLine($"warning: {error}");
        }

        output.WriteLine(templates.Errors.Count == 0 ? "templates: OK" : $"templates: {templates.Errors.Count} broken, the built-in default is used instead");
    }
}
