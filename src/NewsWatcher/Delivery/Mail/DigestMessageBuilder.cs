using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Delivery.Mail;

/// <summary>compose → render (the editor's Liquid templates) → MIME message, for one subscriber's pending items.</summary>
internal sealed class DigestMessageBuilder
{
    private readonly EditorConfigProvider _config;
    private readonly DigestTemplateProvider _templates;
    private readonly DigestOptions _options;
    private readonly SmtpOptions _smtp;
    private readonly IUnsubscribeLinks? _links;
    private readonly ILogger<DigestMessageBuilder> _logger;
    private readonly NewsWatcherMetrics _metrics;

    /// <param name="links">One-click unsubscribe links (Http:PublicUrl); null or disabled leaves only the mailto.</param>
    public DigestMessageBuilder(
        EditorConfigProvider config, DigestTemplateProvider templates, IOptions<DigestOptions> options, IOptions<SmtpOptions> smtp, ILogger<DigestMessageBuilder> logger, NewsWatcherMetrics metrics, IUnsubscribeLinks? links = null)
    {
        _links = links;
        _logger = logger;
        _metrics = metrics;
        _config = config;
        _templates = templates;
        _options = options.Value;
        _smtp = smtp.Value;
    }

    public MimeMessage Build(string digestId, Route subscriber, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var digest = DigestComposer.Compose(digestId, subscriber, outbox, _links.WithStoryLinks(items), now, _options.SubjectPrefix);
        var mailto = DigestMessageFactory.UnsubscribeLink(
            string.IsNullOrWhiteSpace(_options.UnsubscribeAddress) ? _smtp.From : _options.UnsubscribeAddress, subscriber.Email);
        var oneClick = _links?.LinkFor(subscriber);

        // With a public listener the reader's link is the one-click page; the mailto stays in the header only when someone reads that mailbox.
        var rendered = DigestRenderer.Render(digest, _config.Current.FeedNames, _templates.Current, oneClick?.AbsoluteUri ?? mailto);
        foreach (var fallback in rendered.Fallbacks)
        {
            // A broken template never costs a reader the message: the built-in one rendered the part; say so where ops look.
            Log.TemplateFellBack(_logger, digestId, subscriber.Label, fallback.File, fallback.Reason);
            _metrics.TemplateFellBack(Path.GetFileName(fallback.File));
        }

        var mailtoHeader = oneClick is null || !string.IsNullOrWhiteSpace(_options.UnsubscribeAddress) ? mailto : null;
        return DigestMessageFactory.Create(digest, rendered, _smtp.From, MessageIdDomain(_smtp.From), mailtoHeader, oneClick);
    }

    private static string MessageIdDomain(string from) =>
        MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } domain ? domain : "newswatcher.local";
}

/// <summary>
/// The editor's templates from the config folder, re-read when a file changes (no restart needed). A broken template
/// is logged with its file and line, and the built-in default serves until it is fixed.
/// </summary>
internal sealed class DigestTemplateProvider
{
    private readonly string _directory;
    private readonly string _displayDirectory;
    private readonly ILogger<DigestTemplateProvider> _logger;
    private readonly Lock _lock = new();
    private readonly WatchedFile _html;
    private readonly WatchedFile _text;
    private DigestTemplates _current = DigestTemplates.BuiltIn;

    public DigestTemplateProvider(EditorConfigProvider config, IOptions<DigestOptions> options, ILogger<DigestTemplateProvider> logger)
    {
        _directory = Path.GetFullPath(Path.Combine(config.Directory, options.Value.TemplateDirectory));
        _displayDirectory = EditorConfigLoader.DisplayPath(config.Directory, options.Value.TemplateDirectory);
        _html = new WatchedFile(Path.Combine(_directory, DigestTemplates.HtmlFileName), seenNow: false);
        _text = new WatchedFile(Path.Combine(_directory, DigestTemplates.TextFileName), seenNow: false);
        _logger = logger;
    }

    /// <summary>The templates to use now: the editor's when they parse, else the built-in ones.</summary>
    public DigestTemplates Current
    {
        get
        {
            lock (_lock)
            {
                // Both are looked at, so one save is noticed once whichever file it was.
                if (_html.Changed() | _text.Changed())
                {
                    try
                    {
                        _current = Load(_html.Path, _text.Path);
                    }
                    catch
                    {
                        // Unread: the next message tries again.
                        _html.Forget();
                        _text.Forget();
                        throw;
                    }
                }

                return _current;
            }
        }
    }

    private DigestTemplates Load(string html, string text)
    {
        var templates = DigestTemplates.Parse(
            ReadOrNull(html), _displayDirectory + "/" + DigestTemplates.HtmlFileName, ReadOrNull(text), _displayDirectory + "/" + DigestTemplates.TextFileName);
        foreach (var error in templates.Errors)
        {
            Log.TemplateBroken(_logger, error.ToString());
        }

        return templates;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
