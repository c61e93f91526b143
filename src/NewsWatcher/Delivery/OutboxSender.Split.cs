using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Diagnostics;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Delivery;

/// <summary>Message size: compose under Digest:MaxMessageBytes, halve what the server refuses, give up only single items.</summary>
internal sealed partial class OutboxSender
{
    /// <summary>Parts sent for one request in one call at most; anything left waits for the next run (never lost).</summary>
    private const int MaxRounds = 64;

    private const int TitleKept = 200;

    /// <summary>
    /// The message for the longest oldest-first run of <paramref name="items"/> that fits Digest:MaxMessageBytes (all of
    /// them when they fit); null when even the first item alone does not.
    /// </summary>
    private SendingRecord? ComposeFitting(Route subscriber, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var all = Compose(subscriber, outbox, items, now);
        if (Fits(all))
        {
            return all;
        }

        // Binary search on the count: size grows with the items, so about log2(n) renders find the longest run that fits.
        SendingRecord? best = null;
        var (fits, tooBig) = (0, items.Count);
        while (tooBig - fits > 1)
        {
            var middle = fits + ((tooBig - fits) / 2);
            var candidate = Compose(subscriber, outbox, items.Take(middle).ToList(), now);
            if (Fits(candidate))
            {
                (fits, best) = (middle, candidate);
            }
            else
            {
                tooBig = middle;
            }
        }

        return best is null ? null : best with { MoreFollow = true };
    }

    private bool Fits(SendingRecord record) => record.Message.Length <= _options.MaxMessageBytes;

    private SendingRecord Compose(Route subscriber, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var digestId = DigestId(subscriber, outbox, items, now);
        var message = _builder.Build(digestId, subscriber, outbox, items, now);

        // Every item is acknowledged with this message, also those beyond the cap: the digest summarises them with a count.
        return new SendingRecord(digestId, items.Select(i => i.Key).ToList(), WireFormat.ToBytes(message)) { Origins = Origins(items) };
    }

    /// <summary>A chat or webhook message: all the items in one record (no mail size cap; the channel splits its own requests).</summary>
    private SendingRecord ComposeChannel(Route subscriber, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var digestId = DigestId(subscriber, outbox, items, now);
        return new SendingRecord(digestId, items.Select(i => i.Key).ToList(), _channelBuilder.Build(digestId, subscriber, outbox, items, now)) { Origins = Origins(items) };
    }

    private static List<ItemOrigin> Origins(IReadOnlyList<DigestItem> items) =>
        [.. items.Select(i => new ItemOrigin(i.Article.FeedId, AlertDelay.Start(i.Article.Published, i.Article.PublishedIsFirstSeen, i.QueuedAt), i.Pushed))];

    /// <summary>"{UTC time}.{channel}.{hash of subscriber, channel and item keys}": each part's id follows from its items.</summary>
    private static string DigestId(Route subscriber, OutboxKind outbox, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var name = outbox.ToString().ToLowerInvariant();
        var identity = new StringBuilder(subscriber.Id).Append('\n').Append(name);
        foreach (var item in items)
        {
            identity.Append('\n').Append(item.Key);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..12];
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmss'Z'}.{name}.{hash}");
    }

    /// <summary>An item whose message alone exceeds Digest:MaxMessageBytes can never be sent: record it, count it, log it, drop it.</summary>
    private async Task GiveUpOversizedAsync(Route subscriber, OutboxKind outbox, DigestItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = Compose(subscriber, outbox, [item], now);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"The message for this item alone is {record.Message.Length} bytes, over Digest:MaxMessageBytes ({_options.MaxMessageBytes})");
        await _pending.FailAsync(subscriber.Id, outbox, record, reason, now, cancellationToken, [Title(item)]).ConfigureAwait(false);
        _metrics.ItemsDropped(outbox, subscriber.Transport, NewsWatcherMetrics.DropOversized, 1);
        Log.ItemGivenUp(_logger, subscriber.Label, item.Article.FeedId, item.Key, record.DigestId, reason);
    }

    /// <summary>
    /// The server refused the message for its size or content: send the first half of its items now (then the rest),
    /// and give up an item only when it was refused alone.
    /// </summary>
    private async Task<Prepared> SplitRejectedAsync(SendRequest request, SendingRecord record, DeliveryException failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (subscriber, outbox) = (request.Route, request.Outbox);
        var keys = record.ItemKeys.ToHashSet(StringComparer.Ordinal);
        var items = (await _pending.ListAsync(subscriber.Id, outbox, cancellationToken).ConfigureAwait(false))
            .Where(i => keys.Contains(i.Key))
            .ToList();
        if (items.Count <= 1)
        {
            await _pending.FailAsync(subscriber.Id, outbox, record, failure.Message, now, cancellationToken, [.. items.Select(Title)]).ConfigureAwait(false);
            _metrics.ItemsDropped(outbox, subscriber.Transport, NewsWatcherMetrics.DropRejected, record.ItemKeys.Count);
            Log.ItemGivenUp(_logger, subscriber.Label, items.FirstOrDefault()?.Article.FeedId ?? "", string.Join(", ", record.ItemKeys), record.DigestId, failure.Message);
            var outcome = new SendOutcome(subscriber.Id, SendStatus.Failed, record.DigestId, record.ItemKeys.Count, failure.Message, Dropped: record.ItemKeys.Count);
            return new Prepared(outcome, More: true);
        }

        // The first half goes next, recorded before it is sent (so a crash resends exactly it); the rest stays pending.
        var half = Compose(subscriber, outbox, items.Take(items.Count / 2).ToList(), now) with { MoreFollow = true };
        await _pending.BeginSendingAsync(subscriber.Id, outbox, half, cancellationToken).ConfigureAwait(false);
        Log.SplittingRefused(_logger, failure, subscriber.Label, record.DigestId, items.Count, half.DigestId, half.ItemKeys.Count);
        return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Split, record.DigestId, record.ItemKeys.Count, failure.Message), More: true);
    }

    private static async Task<MimeMessage> LoadAsync(SendingRecord record, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(record.Message, writable: false);
        return await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static string Title(DigestItem item) =>
        item.Article.Title.Length <= TitleKept ? item.Article.Title : item.Article.Title[..TitleKept] + "…";
}
