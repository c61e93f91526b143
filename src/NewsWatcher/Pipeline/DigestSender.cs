using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Channels;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Diagnostics;
using NewsWatcher.Mail;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Pipeline;

/// <summary>
/// Sends subscribers' pending items: take pending → compose → render → record → send (one connection per batch) → ack.
/// Items leave the outbox only after the server accepted the message; an interrupted or refused send is finished
/// first, with the same bytes and so the same Message-ID. Transient failures back off; a permanent refusal is
/// recorded and dropped so it cannot block the subscriber forever. Chat and webhook channels are outboxes of their own
/// (<see cref="Subscriber.Routes"/>) on this same path: only the last step differs (an HTTP request instead of SMTP), and
/// each runs alongside the mail batch, so one slow or failing channel never holds up another.
/// </summary>
public sealed class DigestSender
{
    /// <summary>The longest Retry-After honoured; a receiver asking for more is retried after this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    private readonly IPendingStore _pending;
    private readonly IMailSender _mail;
    private readonly DigestMessageBuilder _builder;
    private readonly DigestOptions _options;
    private readonly TimeProvider _time;
    private readonly NewsWatcherMetrics _metrics;
    private readonly ILogger<DigestSender> _logger;
    private readonly ChannelMessageBuilder _channelBuilder;
    private readonly ChannelSender _channels;
    private readonly IPreferenceStore _preferences;

    public DigestSender(
        IPendingStore pending,
        IMailSender mail,
        DigestMessageBuilder builder,
        IOptions<DigestOptions> options,
        TimeProvider time,
        NewsWatcherMetrics metrics,
        ILogger<DigestSender> logger,
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
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<SendOutcome> SendAsync(Subscriber subscriber, DeliveryChannel channel, CancellationToken cancellationToken) =>
        (await SendManyAsync([new SendRequest(subscriber, channel)], force: false, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sends every request's message over one connection; one outcome per request, in order.</summary>
    /// <param name="force">Ignore quiet hours and retry backoff (the <c>once</c> command: a person asked for it now).</param>
    public async Task<IReadOnlyList<SendOutcome>> SendManyAsync(IReadOnlyList<SendRequest> requests, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var outcomes = await SendBatchAsync(requests, force, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < requests.Count; i++)
        {
            _metrics.SendCompleted(requests[i].Channel, outcomes[i], requests[i].Subscriber.Transport);
        }

        return outcomes;
    }

    private async Task<IReadOnlyList<SendOutcome>> SendBatchAsync(IReadOnlyList<SendRequest> requests, bool force, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var outcomes = new SendOutcome[requests.Count];
        var batch = new List<(int Index, SendingRecord Record, MimeMessage Message)>();
        var channelSends = new List<Task>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var prepared = await GuardAsync(request.Subscriber, () => PrepareAsync(request, force, now, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (prepared.Outcome is not null)
            {
                outcomes[i] = prepared.Outcome;
            }
            else if (request.Subscriber.Channel is not null)
            {
                var index = i;
                channelSends.Add(Task.Run(async () => outcomes[index] = await SendChannelAsync(request, prepared.Record!, now, cancellationToken).ConfigureAwait(false), cancellationToken));
            }
            else
            {
                batch.Add((i, prepared.Record!, prepared.Message!));
            }
        }

        await SendMailAsync(requests, batch, outcomes, now, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(channelSends).ConfigureAwait(false);
        return outcomes;
    }

    private async Task SendMailAsync(IReadOnlyList<SendRequest> requests, List<(int Index, SendingRecord Record, MimeMessage Message)> batch, SendOutcome[] outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        IReadOnlyList<MailSendException?> results;
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
            foreach (var (index, record, _) in batch)
            {
                Log.SendCrashed(_logger, ex, requests[index].Subscriber.Label);
                outcomes[index] = new SendOutcome(requests[index].Subscriber.Id, "error", record.DigestId, record.ItemKeys.Count, ex.Message);
            }

            return;
        }

        for (var b = 0; b < batch.Count; b++)
        {
            var (index, record, _) = batch[b];
            var request = requests[index];
            outcomes[index] = (await GuardAsync(request.Subscriber, () => FinishAsync(request, record, results[b], now, cancellationToken), cancellationToken).ConfigureAwait(false)).Outcome!;
        }
    }

    /// <summary>One channel's message: its requests (the rest of them, on a retry), then ack or backoff as for mail.</summary>
    private Task<SendOutcome> SendChannelAsync(SendRequest request, SendingRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        GuardOutcomeAsync(request.Subscriber, async () =>
        {
            var (subscriber, channel) = (request.Subscriber, request.Channel);
            MailSendException? failure = null;
            try
            {
                // Progress is recorded part by part, so a retry of a split message never repeats a part already accepted.
                await _channels.SendAsync(subscriber, record, parts => _pending.BeginSendingAsync(subscriber.Id, channel, record = record with { PartsDelivered = parts }, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (MailSendException ex)
            {
                failure = ex;
            }

            return await FinishAsync(request, record, failure, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<SendOutcome> GuardOutcomeAsync(Subscriber subscriber, Func<Task<Prepared>> step, CancellationToken cancellationToken) =>
        (await GuardAsync(subscriber, step, cancellationToken).ConfigureAwait(false)).Outcome!;

    private async Task<Prepared> PrepareAsync(SendRequest request, bool force, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (subscriber, channel) = (request.Subscriber, request.Channel);

        // Read at every send, not cached: an unsubscribe on any replica stops this one at its next message.
        var preferences = await _preferences.GetAsync(subscriber.Id, cancellationToken).ConfigureAwait(false);
        if (preferences?.Unsubscribed == true)
        {
            // Whatever was queued before the unsubscribe (or by a replica that had not seen it yet) is dropped unsent.
            await _preferences.UnsubscribeAsync(subscriber.Id, preferences.UnsubscribedAt ?? now, cancellationToken).ConfigureAwait(false);
            return new Prepared(new SendOutcome(subscriber.Id, "unsubscribed"));
        }

        if (preferences?.IsPaused(now) == true)
        {
            return new Prepared(new SendOutcome(subscriber.Id, "paused"));
        }

        if (!force && channel == DeliveryChannel.Alert && subscriber.QuietHours?.Contains(now, subscriber.TimeZone) == true)
        {
            return new Prepared(new SendOutcome(subscriber.Id, "quiet"));
        }

        var record = await _pending.GetSendingAsync(subscriber.Id, channel, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            if (!force && record.NotBefore > now)
            {
                return new Prepared(new SendOutcome(subscriber.Id, "waiting", record.DigestId, record.ItemKeys.Count));
            }

            Log.ResumingSend(_logger, subscriber.Label, record.DigestId, record.Attempts);
        }
        else
        {
            if (request.ResumeOnly)
            {
                return new Prepared(new SendOutcome(subscriber.Id, "nothing"));
            }

            var items = await _pending.ListAsync(subscriber.Id, channel, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0 && (channel == DeliveryChannel.Alert || subscriber.SkipEmpty))
            {
                return new Prepared(new SendOutcome(subscriber.Id, "nothing"));
            }

            record = Compose(subscriber, channel, items, now);
            await _pending.BeginSendingAsync(subscriber.Id, channel, record, cancellationToken).ConfigureAwait(false);
        }

        if (subscriber.Channel is not null)
        {
            return new Prepared(null, record);
        }

        using var stream = new MemoryStream(record.Message, writable: false);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        return new Prepared(null, record, message);
    }

    private async Task<Prepared> FinishAsync(SendRequest request, SendingRecord record, MailSendException? failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (subscriber, channel) = (request.Subscriber, request.Channel);
        if (failure is null)
        {
            await _pending.AckAsync(subscriber.Id, channel, record, cancellationToken).ConfigureAwait(false);
            Log.DigestSent(_logger, subscriber.Label, record.DigestId, record.ItemKeys.Count, channel);
            return new Prepared(new SendOutcome(subscriber.Id, "sent", record.DigestId, record.ItemKeys.Count));
        }

        if (!failure.IsTransient)
        {
            await _pending.FailAsync(subscriber.Id, channel, record, failure.Message, now, cancellationToken).ConfigureAwait(false);
            Log.SendRefused(_logger, failure, subscriber.Label, record.DigestId, record.ItemKeys.Count);
            return new Prepared(new SendOutcome(subscriber.Id, "failed", record.DigestId, record.ItemKeys.Count, failure.Message));
        }

        // Nothing is removed: the same message goes out at the next attempt, after a growing pause.
        var attempts = record.Attempts + 1;
        var delay = _options.RetryDelay(attempts);
        if (failure.RetryAfter is { } asked && asked > delay)
        {
            // The receiver said when (429/503 Retry-After): never earlier than that, within reason.
            delay = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        await _pending.BeginSendingAsync(subscriber.Id, channel, record with { Attempts = attempts, NotBefore = now + delay }, cancellationToken).ConfigureAwait(false);
        Log.SendFailed(_logger, failure, subscriber.Label, record.DigestId, attempts, delay);
        return new Prepared(new SendOutcome(subscriber.Id, "deferred", record.DigestId, record.ItemKeys.Count, failure.Message));
    }

    private SendingRecord Compose(Subscriber subscriber, DeliveryChannel channel, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        var digestId = $"{now:yyyyMMdd'T'HHmmss'Z'}.{channel.ToString().ToLowerInvariant()}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        if (subscriber.Channel is not null)
        {
            return new SendingRecord(digestId, items.Select(i => i.Key).ToList(), _channelBuilder.Build(digestId, subscriber, channel, items, now));
        }

        var message = _builder.Build(digestId, subscriber, channel, items, now);
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);

        // Every item is acknowledged with this message, also those beyond the cap: the digest summarises them with a count.
        return new SendingRecord(digestId, items.Select(i => i.Key).ToList(), buffer.ToArray());
    }

    /// <summary>Runs one subscriber's step; store outages and bugs become an outcome, so one subscriber never stops the others.</summary>
    private async Task<Prepared> GuardAsync(Subscriber subscriber, Func<Task<Prepared>> step, CancellationToken cancellationToken)
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
            return new Prepared(new SendOutcome(subscriber.Id, "deferred", Error: ex.Message));
        }
#pragma warning disable CA1031 // One subscriber must never stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SendCrashed(_logger, ex, subscriber.Label);
            return new Prepared(new SendOutcome(subscriber.Id, "error", Error: ex.Message));
        }
    }

    private sealed record Prepared(SendOutcome? Outcome, SendingRecord? Record = null, MimeMessage? Message = null);
}
