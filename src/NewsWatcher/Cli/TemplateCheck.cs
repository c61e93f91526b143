using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Cli;

/// <summary>
/// The <c>check</c> command's report on the digest templates. One that does not parse is a warning (the built-in default
/// stands in, as at run time); one that parses is rendered against the sample digest of <c>preview</c>, and failing or
/// passing its bounds there (<see cref="TemplateLimits"/>) is an error: at run time it would fall back on every message.
/// </summary>
internal static class TemplateCheck
{
    /// <returns>The errors, for the caller to print and exit 2 on; empty when every template rendered.</returns>
    public static IReadOnlyList<string> Print(IServiceProvider services, TextWriter output)
    {
        var templates = services.GetRequiredService<DigestTemplateProvider>().Current;
        foreach (var error in templates.Errors)
        {
            output.WriteLine($"warning: {error}");
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var config = services.GetRequiredService<EditorConfigProvider>().Current;
        var prefix = services.GetRequiredService<IOptions<DigestOptions>>().Value.SubjectPrefix;
        var sample = DigestComposer.Compose("check", new Route(PreviewCommand.SampleSubscriber(config.Subscribers)), OutboxKind.Digest, PreviewCommand.SampleItems(now), now, prefix);
        var rendered = DigestRenderer.Render(sample, config.FeedNames, templates, "https://newswatcher.example.org/unsubscribe");
        var errors = rendered.Fallbacks
            .Select(f => $"{f.File}: rendering the sample digest ({sample.ItemCount} items) failed: {f.Reason}; at run time every message would use the built-in template")
            .ToList();
        output.WriteLine(
            errors.Count > 0 ? $"templates: {errors.Count} failed to render the sample digest"
            : templates.Errors.Count == 0 ? "templates: OK"
            : $"templates: {templates.Errors.Count} broken, the built-in default is used instead");
        return errors;
    }
}
