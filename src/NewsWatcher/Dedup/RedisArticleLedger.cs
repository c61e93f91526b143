using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Dedup;

/// <summary>
/// Dedup, story clustering and enqueue. The deciding step is one atomic Lua script per batch: no window in which an
/// article is marked seen but its matches are not yet queued (a crash there would lose them). At most two pipelined
/// reads come before it, and only for batches with matches: the story candidates, then the pending entries a new
/// article may fold into. Round trips per feed are therefore constant, whatever the number of items.
/// </summary>
/// <remarks>
/// Every key the script touches is declared in KEYS: Redis Cluster needs that, and Garnet's Lua transaction
/// mode locks exactly the declared keys, which is what makes the script atomic on the embedded server too.
/// MULTI/EXEC cannot do this job: whether to enqueue depends on the results of the set-if-absent commands.
/// </remarks>
internal sealed class RedisArticleLedger : IArticleLedger
{
    // ARGV: thread count, then per thread written: key index, expected version ('' when absent), new version, state,
    //   ttl-ms, index key index, score, member, prune-below score;
    // then the precheck: article count, then per article: threaded flag, seen count, then the seen key indexes;
    // then the writes: article count, then per article:
    //   seen count, then per seen key: key index, ttl-ms;
    //   delivery count, then per delivery: mode (0 add, 1 fold), pending-key index, field, value,
    //     and for mode 1: sending-key index, fold field, expected current value, folded value;
    //   band count, score, member, prune-below score, band ttl-ms, then the band key indexes.
    // Indexes point into KEYS (1-based). A fold replaces another outlet's pending entry on the same story with a
    // version that lists this article too, but only if that entry is unchanged and not in a message being sent.
    // The thread decisions were made on the versions read before: if any thread changed since (another replica
    // decided first), or an article they counted turns out already seen, nothing is written and the caller decides
    // again on what is there now (-2, or -1 and the flags of the articles already seen).
    private const string RecordScript = """
        local a = 1
        local threads = tonumber(ARGV[a])
        a = a + 1
        local threadArgs = a
        for t = 1, threads do
          local current = redis.call('HGET', KEYS[tonumber(ARGV[a])], 'v')
          if (current or '') ~= ARGV[a + 1] then
            return {-2}
          end
          a = a + 9
        end
        local count = tonumber(ARGV[a])
        a = a + 1
        local claimed = {}
        local seenBefore = {}
        local conflict = false
        for i = 1, count do
          local threaded = ARGV[a]
          local seen = tonumber(ARGV[a + 1])
          a = a + 2
          local old = 0
          for s = 1, seen do
            local key = KEYS[tonumber(ARGV[a])]
            if claimed[key] or redis.call('EXISTS', key) == 1 then
              old = 1
            else
              claimed[key] = true
            end
            a = a + 1
          end
          seenBefore[i] = old
          if old == 1 and threaded == '1' then conflict = true end
        end
        if conflict then
          local flags = {-1}
          for i = 1, count do flags[i + 1] = seenBefore[i] end
          return flags
        end
        a = a + 1
        local result = {}
        for i = 1, count do
          local isNew = 1
          local seen = tonumber(ARGV[a])
          a = a + 1
          for s = 1, seen do
            if not redis.call('SET', KEYS[tonumber(ARGV[a])], '1', 'NX', 'PX', ARGV[a + 1]) then
              isNew = 0
            end
            a = a + 2
          end
          local deliveries = tonumber(ARGV[a])
          a = a + 1
          for d = 1, deliveries do
            local mode = ARGV[a]
            local key = KEYS[tonumber(ARGV[a + 1])]
            if isNew == 1 then
              if mode == '1' and redis.call('EXISTS', KEYS[tonumber(ARGV[a + 4])]) == 0
                and redis.call('HGET', key, ARGV[a + 5]) == ARGV[a + 6] then
                redis.call('HSET', key, ARGV[a + 5], ARGV[a + 7])
              else
                redis.call('HSET', key, ARGV[a + 2], ARGV[a + 3])
              end
            end
            if mode == '1' then a = a + 8 else a = a + 4 end
          end
          local bands = tonumber(ARGV[a])
          local score, member, prune, bandTtl = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
          a = a + 5
          for b = 1, bands do
            if isNew == 1 then
              local band = KEYS[tonumber(ARGV[a])]
              redis.call('ZADD', band, score, member)
              redis.call('ZREMRANGEBYSCORE', band, '-inf', '(' .. prune)
              redis.call('PEXPIRE', band, bandTtl)
            end
            a = a + 1
          end
          result[i] = isNew
        end
        a = threadArgs
        for t = 1, threads do
          local key = KEYS[tonumber(ARGV[a])]
          redis.call('HSET', key, 'v', ARGV[a + 2], 's', ARGV[a + 3])
          redis.call('PEXPIRE', key, ARGV[a + 4])
          local index = KEYS[tonumber(ARGV[a + 5])]
          redis.call('ZADD', index, ARGV[a + 6], ARGV[a + 7])
          redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ARGV[a + 8])
          a = a + 9
        end
        return result
        """;

    /// <summary>Decisions made again when another replica changed a thread first; past this the poll fails and retries later (nothing written).</summary>
    private const int MaxThreadAttempts = 8;

    /// <summary>Newest fingerprints read per band: bounds the read when a band is crowded (many near-identical headlines).</summary>
    private const int MaxCandidatesPerBand = 64;

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly DedupOptions _options;

    public RedisArticleLedger(RedisConnection connection, IOptions<StorageOptions> storage, IOptions<DedupOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _keys = new RedisKeys(storage);
        _options = options.Value;
    }

    public async Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<ArticleDeliveries> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var stories = await AssignStoriesAsync(database, batch, cancellationToken).ConfigureAwait(false);
        var alreadySeen = new bool[batch.Count];
        for (var attempt = 1; ; attempt++)
        {
            var threads = await DecideThreadsAsync(database, batch, stories, alreadySeen, cancellationToken).ConfigureAwait(false);
            var folds = await ReadFoldTargetsAsync(database, threads.Deliveries, stories, cancellationToken).ConfigureAwait(false);
            var (keys, args) = BuildScriptInput(batch, threads, stories, folds);
            var flags = await RunScriptAsync(database, keys, args, cancellationToken).ConfigureAwait(false);
            if (flags.Length > 0 && (long)flags[0] < 0)
            {
                if (attempt == MaxThreadAttempts)
                {
                    throw new RedisException($"the truce threads of this feed changed under {MaxThreadAttempts} decisions in a row; nothing was recorded, the next poll tries again");
                }

                // -1: articles another writer claimed first leave the decision; -2: a thread moved on. Decide again on what is there now.
                for (var i = 0; (long)flags[0] == -1 && i < batch.Count; i++)
                {
                    alreadySeen[i] |= (long)flags[i + 1] == 1;
                }

                StoreMetrics.ThreadRetries.Add(1);
                continue;
            }

            if (flags.Length != batch.Count)
            {
                throw new InvalidOperationException($"The ledger script returned {flags.Length} results for {batch.Count} articles.");
            }

            var isNew = new bool[flags.Length];
            for (var i = 0; i < flags.Length; i++)
            {
                isNew[i] = (long)flags[i] == 1;
            }

            return isNew;
        }
    }

    private static async Task<RedisResult[]> RunScriptAsync(IDatabase database, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken)
    {
        // The client has no per-call cancellation; the token still stops us from waiting on a result nobody wants.
        StoreMetrics.RoundTrips.Add(1);
        try
        {
            return (RedisResult[])(await database.ScriptEvaluateAsync(RecordScript, keys, args).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (RedisTimeoutException ex) when (ex.Commandstatus is not (CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog))
        {
            // The script may still run (or have run) on the server: it is atomic and claims the seen keys with
            // set-if-absent, so whichever way it went, the next poll neither loses nor re-queues these articles.
            throw new StoreWriteUnconfirmedException($"the store did not answer the dedup and enqueue write within the timeout ({ex.Commandstatus}); it may have been applied", ex);
        }
        catch (RedisConnectionException ex) when (ex.CommandStatus == CommandStatus.Sent)
        {
            throw new StoreWriteUnconfirmedException("the connection failed after the dedup and enqueue write was sent; it may have been applied", ex);
        }
    }

    /// <summary>
    /// Reads the open thread of every conflict in the batch (one pipelined read) and decides, article by article in
    /// feed order, which thread each joins and whether it is a new development (<see cref="ThreadChooser"/>); the
    /// deliveries follow the decisions (<see cref="ThreadDeliveries"/>). Articles without thread facts, without
    /// deliveries or <paramref name="alreadySeen"/> keep their deliveries unchanged.
    /// </summary>
    private async Task<ThreadPlan> DecideThreadsAsync(IDatabase database, IReadOnlyList<ArticleDeliveries> batch, StoryAssignment?[] stories, bool[] alreadySeen, CancellationToken cancellationToken)
    {
        var conflicts = new ThreadConflict?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Thread is { } facts && batch[i].Deliveries.Count > 0 && !alreadySeen[i])
            {
                conflicts[i] = facts.Conflict ?? ThreadChooser.ByStory(stories[i]?.JoinedThread, stories[i]?.StoryId ?? StoryChooser.NewStoryId(batch[i].Article));
            }
        }

        var keys = conflicts.OfType<ThreadConflict>().Select(c => c.Key).Distinct(StringComparer.Ordinal).ToList();
        var read = new Dictionary<string, StoryThread?>(StringComparer.Ordinal);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            var batchRead = database.CreateBatch();
            var reads = keys.ToDictionary(k => k, k => batchRead.HashGetAsync(_keys.Thread(k), ["v", "s"]), StringComparer.Ordinal);
            batchRead.Execute();
            StoreMetrics.RoundTrips.Add(1);
            await Task.WhenAll(reads.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in reads)
            {
                var (version, state) = (value.Result[0], value.Result[1]);
                versions[key] = version.IsNull ? string.Empty : version.ToString();
                read[key] = state.IsNull ? null : ReadThread(state.ToString());
            }
        }

        var current = new Dictionary<string, StoryThread?>(read, StringComparer.Ordinal);
        var deliveries = new IReadOnlyList<PendingDelivery>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            deliveries[i] = batch[i].Deliveries;
            if (conflicts[i] is { } conflict)
            {
                var decision = ThreadChooser.Decide(current[conflict.Key], conflict, batch[i].Thread!, batch[i].Article, batch[i].Thread!.Window);
                if (decision.Thread is { } thread)
                {
                    current[conflict.Key] = thread;
                }

                deliveries[i] = ThreadDeliveries.Apply(batch[i].Deliveries, decision);
            }
        }

        var window = batch.FirstOrDefault(b => b.Thread is not null)?.Thread!.Window ?? ThreadRules.DefaultWindow;
        var writes = current
            .Where(c => c.Value is not null && !ReferenceEquals(c.Value, read[c.Key]))
            .Select(c => new ThreadWrite(c.Key, versions[c.Key], c.Value!, window))
            .ToList();
        return new ThreadPlan(deliveries, conflicts, writes);
    }

    /// <summary>A thread as stored; an unreadable one (a newer or broken format) reads as none, so the conflict starts afresh rather than failing every poll.</summary>
    private static StoryThread? ReadThread(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoryThread);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<bool>> AreSeenAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            return [];
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await database.ReadEachAsync(articles, (batch, article) => batch.KeyExistsAsync(_keys.SeenId(article)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For each article with matches: the story it joins (the most similar recent article from another feed at or above
    /// <see cref="StoryFingerprint.Threshold"/>, within <see cref="DedupOptions.StoryWindow"/>), or a new story of its own.
    /// One pipelined read of the MinHash band sets for the whole batch.
    /// </summary>
    private async Task<StoryAssignment?[]> AssignStoriesAsync(IDatabase database, IReadOnlyList<ArticleDeliveries> batch, CancellationToken cancellationToken)
    {
        var assignments = new StoryAssignment?[batch.Count];
        var fingerprints = new StoryFingerprint?[batch.Count];
        var window = _options.StoryWindow;
        var bandWindows = new Dictionary<string, (DateTimeOffset From, DateTimeOffset To)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var article = batch[i].Article;
            if (batch[i].Deliveries.Count == 0 || StoryFingerprint.Of(article.Title, article.Summary) is not { IsUsable: true } fingerprint)
            {
                continue;
            }

            fingerprints[i] = fingerprint;
            foreach (var band in fingerprint.BandKeys())
            {
                // One read per band for the whole batch, over the union of the articles' windows.
                var (from, to) = (article.Published - window, article.Published + window);
                bandWindows[band] = bandWindows.TryGetValue(band, out var known)
                    ? (from < known.From ? from : known.From, to > known.To ? to : known.To)
                    : (from, to);
            }
        }

        var reads = new Dictionary<string, Task<RedisValue[]>>(StringComparer.Ordinal);
        if (bandWindows.Count > 0)
        {
            var read = database.CreateBatch();
            foreach (var (band, (from, to)) in bandWindows)
            {
                reads[band] = read.SortedSetRangeByScoreAsync(
                    _keys.StoryBand(band), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), order: Order.Descending, take: MaxCandidatesPerBand);
            }

            read.Execute();
            StoreMetrics.RoundTrips.Add(1);
            await Task.WhenAll(reads.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (fingerprints[i] is { } fingerprint)
            {
                // Band by band, each newest first: the order the candidates were read, which breaks ties.
                var candidates = fingerprint.BandKeys()
                    .SelectMany(band => reads[band].Result)
                    .Select(value => StoryMember.Parse(value.ToString()))
                    .OfType<StoryMember>();
                assignments[i] = StoryChooser.Assign(batch[i].Article, fingerprint, candidates, window);
            }
        }

        return assignments;
    }

    /// <summary>Current pending entries of the story's first article, for every delivery of an article that joined a story.</summary>
    private async Task<Dictionary<(int Article, int Delivery), string>> ReadFoldTargetsAsync(
        IDatabase database, IReadOnlyList<PendingDelivery>[] deliveries, StoryAssignment?[] stories, CancellationToken cancellationToken)
    {
        var reads = new Dictionary<(int, int), Task<RedisValue>>();
        var read = database.CreateBatch();
        for (var i = 0; i < deliveries.Length; i++)
        {
            if (stories[i] is not { JoinedBy: not null } story)
            {
                continue;
            }

            for (var d = 0; d < deliveries[i].Count; d++)
            {
                var delivery = deliveries[i][d];
                reads[(i, d)] = read.HashGetAsync(_keys.Pending(delivery.SubscriberId, delivery.Outbox), story.RepresentativeKey);
            }
        }

        var found = new Dictionary<(int, int), string>();
        if (reads.Count == 0)
        {
            return found;
        }

        read.Execute();
        StoreMetrics.RoundTrips.Add(1);
        await Task.WhenAll(reads.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (slot, value) in reads)
        {
            if (!value.Result.IsNull)
            {
                found[slot] = value.Result.ToString();
            }
        }

        return found;
    }

    private (RedisKey[] Keys, RedisValue[] Args) BuildScriptInput(IReadOnlyList<ArticleDeliveries> batch, ThreadPlan threads, StoryAssignment?[] stories, Dictionary<(int, int), string> folds)
    {
        var keys = new List<RedisKey>();
        var keyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int IndexOf(RedisKey key)
        {
            var text = key.ToString();
            if (!keyIndex.TryGetValue(text, out var index))
            {
                keys.Add(key);
                index = keys.Count; // Lua arrays are 1-based.
                keyIndex.Add(text, index);
            }

            return index;
        }

        var seenTtl = Milliseconds(_options.SeenTtl);
        var titleTtl = Milliseconds(_options.TitleTtl);
        var args = new List<RedisValue>(3 + (threads.Writes.Count * 9) + (batch.Count * 16)) { threads.Writes.Count };
        foreach (var write in threads.Writes)
        {
            args.Add(IndexOf(_keys.Thread(write.Key)));
            args.Add(write.ExpectedVersion);
            args.Add(write.Thread.Version);
            args.Add(JsonSerializer.Serialize(write.Thread, StoreJsonContext.Default.StoryThread));

            // Kept a window past its last development (when a new one would start a new thread), and a window more for the status page.
            args.Add(Milliseconds(2 * write.Window));
            args.Add(IndexOf(_keys.Threads()));
            args.Add(write.Thread.LastDevelopmentAt.ToUnixTimeMilliseconds());
            args.Add(write.Key);
            args.Add((write.Thread.LastDevelopmentAt - (2 * write.Window)).ToUnixTimeMilliseconds());
        }

        var claims = batch.Select(b => SeenClaim.Of(b.Article, byHeadline: _options.TitleTtl > TimeSpan.Zero)).ToList();
        args.Add(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            args.Add(threads.Conflicts[i] is null ? 0 : 1);
            args.Add(claims[i].Count);
            foreach (var claim in claims[i])
            {
                args.Add(IndexOf(_keys.Seen(claim)));
            }
        }

        args.Add(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            ArgumentNullException.ThrowIfNull(entry);
            var article = entry.Article;
            var seen = claims[i];
            args.Add(seen.Count);
            foreach (var claim in seen)
            {
                args.Add(IndexOf(_keys.Seen(claim)));
                args.Add(claim.Kind == SeenKind.Headline ? titleTtl : seenTtl);
            }

            var story = stories[i];
            var deliveries = threads.Deliveries[i];
            args.Add(deliveries.Count);
            for (var d = 0; d < deliveries.Count; d++)
            {
                var delivery = deliveries[d];
                var item = story?.Stamp(delivery.Item) ?? delivery.Item;
                var pending = IndexOf(_keys.Pending(delivery.SubscriberId, delivery.Outbox));
                var json = JsonSerializer.Serialize(item, StoreJsonContext.Default.DigestItem);

                // A new development is an alert of its own for a developments subscriber, never folded into another entry.
                if (!delivery.DevelopmentsOnly && story?.JoinedBy is { } joining && folds.TryGetValue((i, d), out var current) && Fold(current, joining, story.StoryId) is { } folded)
                {
                    args.Add(1);
                    args.Add(pending);
                    args.Add(item.Key);
                    args.Add(json);
                    args.Add(IndexOf(_keys.Sending(delivery.SubscriberId, delivery.Outbox)));
                    args.Add(story.RepresentativeKey);
                    args.Add(current);
                    args.Add(folded);
                }
                else
                {
                    args.Add(0);
                    args.Add(pending);
                    args.Add(item.Key);
                    args.Add(json);
                }
            }

            var bands = story?.BandKeys ?? [];
            args.Add(bands.Count);
            args.Add(story?.Member.Published ?? 0);
            args.Add(story is null ? string.Empty : (story.Member with { Thread = threads.Conflicts[i]?.Key ?? story.JoinedThread }).ToString());
            args.Add((story?.Member.Published ?? 0) - (long)(2 * _options.StoryWindow.TotalMilliseconds));
            args.Add(Milliseconds(2 * _options.StoryWindow));
            foreach (var band in bands)
            {
                args.Add(IndexOf(_keys.StoryBand(band)));
            }
        }

        return (keys.ToArray(), args.ToArray());
    }

    /// <summary>The other outlet's pending entry with this article folded in (<see cref="StoryChooser.Fold"/>); null when unreadable.</summary>
    private static string? Fold(string currentJson, Article joining, string storyId)
    {
        try
        {
            return JsonSerializer.Deserialize(currentJson, StoreJsonContext.Default.DigestItem) is { } current
                ? JsonSerializer.Serialize(StoryChooser.Fold(current, joining, storyId), StoreJsonContext.Default.DigestItem)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>What the thread decisions of one attempt give the script: each article's deliveries, its conflict (null: not threaded) and the threads to write.</summary>
    private sealed record ThreadPlan(IReadOnlyList<PendingDelivery>[] Deliveries, ThreadConflict?[] Conflicts, IReadOnlyList<ThreadWrite> Writes);

    /// <summary>A thread's new state, written only over <paramref name="ExpectedVersion"/> ('' when there was none).</summary>
    private sealed record ThreadWrite(string Key, string ExpectedVersion, StoryThread Thread, TimeSpan Window);
}
