using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Retries;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Channels;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Diagnostics;
using NewsWatcher.Outbox;
using NewsWatcher.Subscribers;
using StackExchange.Redis;

namespace NewsWatcher.Delivery;

/// <summary>
/// Sends subscribers' pending items: take pending → compose → render → record → send (one connection per batch) → ack.
/// Items leave the outbox only after the server accepted the message; an interrupted or refused send is finished
/// first, with the same bytes and so the same Message-ID. Transient failures back off; a permanent refusal is
/// recorded and dropped so it cannot block the subscriber forever. No mail exceeds Digest:MaxMessageBytes: the
/// items are split across several; a message refused for its size or content is halved and retried, and only an item
/// that alone cannot be sent is given up (recorded, counted and logged) — never the other items beside it.
/// Chat and webhook channels are outboxes of their own (<see cref="Subscriber.Routes"/>) on this same path: only the
/// last step differs (an HTTP request instead of SMTP), and each runs alongside the mail batch, so one slow or failing
/// channel never holds up another. They bypass the mail size split: each channel splits its own message (Telegram at
/// 4,096 characters, Slack at 48 stories) into requests of one record.
/// </summary>
internal sealed partial class OutboxSender
{
    private readonly IPendingStore _pending;
    private readonly IMailSender _mail;
    private readonly DigestMessageBuilder _builder;
    private readonly DigestOptions _options;
    private readonly BackoffPolicy _retry;
    private readonly TimeProvider _time;
    private readonly JitterSource _jitter;
    private readonly NewsWatcherMetrics _metrics;
    private readonly ILogger<OutboxSender> _logger;
    private readonly ChannelMessageBuilder _channelBuilder;
    private readonly ChannelSender _channels;
    private readonly IPreferenceStore _preferences;

    public OutboxSender(
        IPendingStore pending,
        IMailSender mail,
        DigestMessageBuilder builder,
        IOptions<DigestOptions> options,
        TimeProvider time,
        JitterSource jitter,
        NewsWatcherMetrics metrics,
        ILogger<OutboxSender> logger,
        ChannelMessageBuilder channelBuilder,
        ChannelSender channels,
        IPreferenceStore preferences)
    {
        _preferences = preferences;
        _channelBuilder = channelBuilder;
        _channels = channels;
        _pending = pending;
        _mail = mail;
        _builder = builder;
        _options = options.Value;
        _retry = new BackoffPolicy(_options.RetryInitialDelay, _options.RetryMaxDelay);
        _time = time;
        _jitter = jitter;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<SendOutcome> SendAsync(Route subscriber, OutboxKind outbox, CancellationToken cancellationToken) =>
        (await SendManyAsync([new SendRequest(subscriber, outbox)], force: false, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sends every request's message over one connection; one outcome per request, in order.</summary>
    /// <param name="force">Ignore quiet hours and retry backoff (the <c>once</c> command: a person asked for it now).</param>
    /// <remarks>
    /// A message split for size, or halved after the server refused its size or content, is followed at once by the
    /// next part: rounds go on (one connection each) until every request has nothing more to send right now.
    /// </remarks>
    public async Task<IReadOnlyList<SendOutcome>> SendManyAsync(IReadOnlyList<SendRequest> requests, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var outcomes = new SendOutcome?[requests.Count];
        var round = requests.Select((r, i) => (Index: i, Request: r)).ToList();
        for (var rounds = 0; round.Count > 0 && rounds < MaxRounds; rounds++)
        {
            var results = await SendBatchAsync([.. round.Select(r => r.Request)], force, cancellationToken).ConfigureAwait(false);
            var next = new List<(int Index, SendRequest Request)>();
            for (var i = 0; i < round.Count; i++)
            {
                var (index, request) = round[i];
                outcomes[index] = SendOutcome.Combine(outcomes[index], results[i].Outcome!);
                if (results[i].More)
                {
                    // The next part: whatever is recorded (a halved message) or still pending, never an empty digest.
                    next.Add((index, request with { Continuation = true }));
                }
            }

            round = next;
        }

        for (var i = 0; i < requests.Count; i++)
        {
            _metrics.SendCompleted(requests[i].Outbox, outcomes[i]!, requests[i].Route.Transport);
        }

        return outcomes!;
    }

    private async Task<IReadOnlyList<Prepared>> SendBatchAsync(IReadOnlyList<SendRequest> requests, bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var outcomes = new Prepared[requests.Count];
        var batch = new List<(int Index, SendingRecord Record, MimeMessage Message, int Dropped)>();
        var channelSends = new List<Task>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var prepared = await GuardAsync(request.Route, () => PrepareAsync(request, force, now, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (prepared.Outcome is not null)
            {
                outcomes[i] = prepared;
            }
            else if (request.Route.Channel is not null)
            {
                var index = i;
                channelSends.Add(Task.Run(async () => outcomes[index] = await SendChannelAsync(request, prepared.Record!, now, cancellationToken).ConfigureAwait(false), cancellationToken));
            }
            else
            {
                batch.Add((i, prepared.Record!, prepared.Message!, prepared.Dropped));
            }
        }

        await SendMailAsync(requests, batch, outcomes, now, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(channelSends).ConfigureAwait(false);
        return outcomes;
    }

    private async Task SendMailAsync(IReadOnlyList<SendRequest> requests, List<(int Index, SendingRecord Record, MimeMessage Message, int Dropped)> batch, Prepared[] outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        IReadOnlyList<DeliveryException?> results;
        try
        {
            results = await _mail.SendBatchAsync([.. batch.Select(b => b.Message)], cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A crash in the sender must not lose anything: every record stays and is resent next time.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var (index, record, _, dropped) in batch)
            {
                Log.SendCrashed(_logger, ex, requests[index].Route.Label);
                outcomes[index] = new Prepared(new SendOutcome(requests[index].Route.Id, SendStatus.Error, record.DigestId, record.ItemKeys.Count, ex.Message, Dropped: dropped));
            }

            return;
        }

        for (var b = 0; b < batch.Count; b++)
        {
            var (index, record, _, dropped) = batch[b];
            var request = requests[index];
            var finished = await GuardAsync(request.Route, () => FinishAsync(request, record, results[b], now, cancellationToken), cancellationToken).ConfigureAwait(false);
            outcomes[index] = dropped == 0 ? finished : finished with { Outcome = finished.Outcome! with { Dropped = finished.Outcome!.Dropped + dropped } };
        }
    }

    /// <summary>One channel's message: its requests (the rest of them, on a retry), then ack or backoff as for mail.</summary>
    private Task<Prepared> SendChannelAsync(SendRequest request, SendingRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        GuardAsync(request.Route, async () =>
        {
            var (subscriber, outbox) = (request.Route, request.Outbox);
            DeliveryException? failure = null;
            try
            {
                // Progress is recorded part by part, so a retry of a split message never repeats a part already accepted.
                await _channels.SendAsync(subscriber, record, parts => _pending.BeginSendingAsync(subscriber.Id, outbox, record = record with { PartsDelivered = parts }, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (DeliveryException ex)
            {
                failure = ex;
            }

            return await FinishAsync(request, record, failure, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<Prepared> PrepareAsync(SendRequest request, bool force, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (subscriber, outbox) = (request.Route, request.Outbox);

        // Read at every send, not cached: an unsubscribe on any replica stops this one at its next message.
        var preferences = await _preferences.GetAsync(subscriber.Id, cancellationToken).ConfigureAwait(false);
        if (preferences?.Unsubscribed == true)
        {
            // Whatever was queued before the unsubscribe (or by a replica that had not seen it yet) is dropped unsent.
            await _preferences.UnsubscribeAsync(subscriber.Id, preferences.UnsubscribedAt ?? now, cancellationToken).ConfigureAwait(false);
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Unsubscribed));
        }

        if (preferences?.IsPaused(now) == true)
        {
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Paused));
        }

        if (!force && outbox == OutboxKind.Alert && subscriber.QuietHours?.Contains(now, subscriber.TimeZone) == true)
        {
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Quiet));
        }

        var record = await _pending.GetSendingAsync(subscriber.Id, outbox, cancellationToken).ConfigureAwait(false);
        var dropped = 0;
        if (record is not null)
        {
            if (!force && record.NotBefore > now)
            {
                return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Waiting, record.DigestId, record.ItemKeys.Count));
            }

            if (!request.Continuation)
            {
                Log.ResumingSend(_logger, subscriber.Label, record.DigestId, record.Attempts);
            }
        }
        else
        {
            if (request.ResumeOnly)
            {
                return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Nothing));
            }

            var items = await _pending.ListAsync(subscriber.Id, outbox, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (items.Count == 0 && (outbox == OutboxKind.Alert || subscriber.SkipEmpty || request.Continuation || dropped > 0))
                {
                    return new Prepared(new SendOutcome(subscriber.Id, dropped > 0 ? SendStatus.Failed : SendStatus.Nothing, Dropped: dropped));
                }

                // A chat or webhook message is one record whatever its length: the channel splits it into requests itself.
                record = subscriber.Channel is not null ? ComposeChannel(subscriber, outbox, items, now) : ComposeFitting(subscriber, outbox, items, now);
                if (record is not null)
                {
                    break;
                }

                // Its item alone is bigger than any message may be: give that item up and carry on with the others.
                await GiveUpOversizedAsync(subscriber, outbox, items[0], now, cancellationToken).ConfigureAwait(false);
                items = items.Skip(1).ToList();
                dropped++;
            }

            await _pending.BeginSendingAsync(subscriber.Id, outbox, record, cancellationToken).ConfigureAwait(false);
        }

        if (subscriber.Channel is not null)
        {
            return new Prepared(null, record, Dropped: dropped);
        }

        return new Prepared(null, record, await LoadAsync(record, cancellationToken).ConfigureAwait(false), Dropped: dropped);
    }

    private async Task<Prepared> FinishAsync(SendRequest request, SendingRecord record, DeliveryException? failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (subscriber, outbox) = (request.Route, request.Outbox);
        if (failure is null)
        {
            var accepted = _time.GetUtcNow();
            if (outbox == OutboxKind.Alert)
            {
                _metrics.AlertDelivered(record.Origins, accepted);
            }

            await _pending.AckAsync(subscriber.Id, outbox, record, cancellationToken, accepted).ConfigureAwait(false);
            Log.DigestSent(_logger, subscriber.Label, record.DigestId, record.ItemKeys.Count, outbox);
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Sent, record.DigestId, record.ItemKeys.Count, Messages: 1), More: record.MoreFollow);
        }

        if (!failure.IsTransient && failure.RejectsMessage && subscriber.Channel is null)
        {
            // The server refused this message's size or content, not the recipient: the other items must still go.
            return await SplitRejectedAsync(request, record, failure, now, cancellationToken).ConfigureAwait(false);
        }

        if (!failure.IsTransient)
        {
            await _pending.FailAsync(subscriber.Id, outbox, record, failure.Message, now, cancellationToken).ConfigureAwait(false);
            _metrics.ItemsDropped(outbox, subscriber.Transport, NewsWatcherMetrics.DropRefused, record.ItemKeys.Count);
            Log.SendRefused(_logger, failure, subscriber.Label, record.DigestId, record.ItemKeys.Count);
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Failed, record.DigestId, record.ItemKeys.Count, failure.Message, Dropped: record.ItemKeys.Count));
        }

        // Nothing is removed: the same message goes out at the next attempt, after a growing pause.
        var attempts = record.Attempts + 1;
        var delay = _retry.Delay(attempts, _jitter.Next());
        if (failure.RetryAfter is { } asked && asked > delay)
        {
            // The receiver said when (429/503 Retry-After, already capped at RetryAfter.Max): never earlier than that.
            delay = asked;
        }

        await _pending.BeginSendingAsync(subscriber.Id, outbox, record with { Attempts = attempts, NotBefore = now + delay, LastError = failure.Message, LastErrorAt = now }, cancellationToken).ConfigureAwait(false);
        Log.SendFailed(_logger, failure, subscriber.Label, record.DigestId, attempts, delay);
        return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Deferred, record.DigestId, record.ItemKeys.Count, failure.Message));
    }

    /// <summary>Runs one subscriber's step; store outages and bugs become an outcome, so one subscriber never stops the others.</summary>
    private async Task<Prepared> GuardAsync(Route subscriber, Func<Task<Prepared>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.StoreUnavailable(_logger, ex, subscriber.Label);
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Deferred, Error: ex.Message));
        }
#pragma warning disable CA1031 // One subscriber must never stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SendCrashed(_logger, ex, subscriber.Label);
            return new Prepared(new SendOutcome(subscriber.Id, SendStatus.Error, Error: ex.Message));
        }
    }

    /// <param name="More">Another part follows at once (the rest of a split, or a halved refused message).</param>
    private sealed record Prepared(SendOutcome? Outcome, SendingRecord? Record = null, MimeMessage? Message = null, bool More = false, int Dropped = 0);
}
