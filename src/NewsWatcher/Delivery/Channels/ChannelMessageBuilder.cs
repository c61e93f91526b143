using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Delivery.Channels;

/// <summary>compose → render for a channel: the same digest as the email, in the channel's own format.</summary>
internal sealed class ChannelMessageBuilder
{
    private readonly EditorConfigProvider _config;
    private readonly DigestOptions _options;
    private readonly IUnsubscribeLinks _links;

    public ChannelMessageBuilder(EditorConfigProvider config, IOptions<DigestOptions> options, IUnsubscribeLinks links)
    {
        _config = config;
        _options = options.Value;
        _links = links;
    }

    /// <summary>The request bodies, as the outbox records them.</summary>
    public byte[] Build(string digestId, Route route, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now) =>
        ChannelMessage.Serialize(Render(digestId, route, outbox, items, now));

    public IReadOnlyList<string> Render(string digestId, Route route, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        var settings = route.Channel ?? throw new ArgumentException("Not a channel route.", nameof(route));
        var digest = DigestComposer.Compose(digestId, route, outbox, _links.WithStoryLinks(items), now, _options.SubjectPrefix);
        return ChannelRenderer.Render(settings, digest, _config.Current.FeedNames, _links.LinkFor(route)?.ToString());
    }
}
