using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Stories;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

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
public sealed class RedisArticleLedger : IArticleLedger
{
    // ARGV: article count, then per article:
    //   seen count, then per seen key: key index, ttl-ms;
    //   delivery count, then per delivery: mode (0 add, 1 fold), pending-key index, field, value,
    //     and for mode 1: sending-key index, fold field, expected current value, folded value;
    //   band count, score, member, prune-below score, band ttl-ms, then the band key indexes.
    // Indexes point into KEYS (1-based). A fold replaces another outlet's pending entry on the same story with a
    // version that lists this article too, but only if that entry is unchanged and not in a message being sent.
    private const string RecordScript = """
        local count = tonumber(ARGV[1])
        local a = 2
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
        return result
        """;

    private const int MaxStoredTitleLength = 300;

    /// <summary>Newest fingerprints read per band: bounds the read when a band is crowded (many near-identical headlines).</summary>
    private const int MaxCandidatesPerBand = 64;

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly StoreOptions _options;

    public RedisArticleLedger(RedisConnection connection, IOptions<StoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _keys = new RedisKeys(options);
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
        var folds = await ReadFoldTargetsAsync(database, batch, stories, cancellationToken).ConfigureAwait(false);

        var (keys, args) = BuildScriptInput(batch, stories, folds);
        // The client has no per-call cancellation; the token still stops us from waiting on a result nobody wants.
        StoreMetrics.RoundTrips.Add(1);
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(RecordScript, keys, args).WaitAsync(cancellationToken).ConfigureAwait(false);
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

        var flags = (RedisResult[])result!;
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

    public async Task<IReadOnlyList<bool>> AreSeenAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            return [];
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var read = database.CreateBatch();
        var checks = articles.Select(a => read.KeyExistsAsync(_keys.SeenId(a))).ToArray();
        read.Execute();
        StoreMetrics.RoundTrips.Add(1);
        return await Task.WhenAll(checks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For each article with matches: the story it joins (the most similar recent article from another feed at or above
    /// <see cref="StoryFingerprint.Threshold"/>, within <see cref="StoreOptions.StoryWindow"/>), or a new story of its own.
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
            if (fingerprints[i] is not { } fingerprint)
            {
                continue;
            }

            var article = batch[i].Article;
            StoryMember? best = null;
            var bestSimilarity = 0.0;
            foreach (var band in fingerprint.BandKeys())
            {
                foreach (var value in reads[band].Result)
                {
                    if (StoryMember.Parse(value.ToString()) is not { } candidate || candidate.FeedId == article.FeedId
                        || Math.Abs(candidate.Published - article.Published.ToUnixTimeMilliseconds()) > window.TotalMilliseconds)
                    {
                        continue;
                    }

                    var other = StoryFingerprint.FromWords(candidate.Words, candidate.Names);
                    var similarity = fingerprint.Similarity(other);
                    if (similarity >= StoryFingerprint.Threshold && similarity > bestSimilarity && !fingerprint.Contradicts(other))
                    {
                        best = candidate;
                        bestSimilarity = similarity;
                    }
                }
            }

            var storyId = best?.StoryId ?? "story-" + RedisKeys.Hash(article.FeedId + "\n" + article.Id)[..16];
            var representative = best?.RepresentativeKey ?? article.Id;
            var member = new StoryMember(storyId, representative, article.FeedId, article.Published.ToUnixTimeMilliseconds(), [.. fingerprint.Words], article.Link, Shorten(article.Title), [.. fingerprint.Names]);
            assignments[i] = new StoryAssignment(storyId, representative, best is null ? null : article, fingerprint.BandKeys(), member);
        }

        return assignments;
    }

    /// <summary>Current pending entries of the story's first article, for every delivery of an article that joined a story.</summary>
    private async Task<Dictionary<(int Article, int Delivery), string>> ReadFoldTargetsAsync(
        IDatabase database, IReadOnlyList<ArticleDeliveries> batch, StoryAssignment?[] stories, CancellationToken cancellationToken)
    {
        var reads = new Dictionary<(int, int), Task<RedisValue>>();
        var read = database.CreateBatch();
        for (var i = 0; i < batch.Count; i++)
        {
            if (stories[i] is not { JoinedBy: not null } story)
            {
                continue;
            }

            for (var d = 0; d < batch[i].Deliveries.Count; d++)
            {
                var delivery = batch[i].Deliveries[d];
                reads[(i, d)] = read.HashGetAsync(_keys.Pending(delivery.SubscriberId, delivery.Channel), story.RepresentativeKey);
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

    private (RedisKey[] Keys, RedisValue[] Args) BuildScriptInput(IReadOnlyList<ArticleDeliveries> batch, StoryAssignment?[] stories, Dictionary<(int, int), string> folds)
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
        var args = new List<RedisValue>(1 + (batch.Count * 12)) { batch.Count };
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            ArgumentNullException.ThrowIfNull(entry);
            var article = entry.Article;
            var seen = new List<(RedisKey Key, string Ttl)> { (_keys.SeenId(article), seenTtl) };
            if (article.Link is not null)
            {
                seen.Add((_keys.SeenLink(article.Link), seenTtl));
            }

            if (_options.TitleTtl > TimeSpan.Zero && PlainText.TitleKey(article.Title) is { } title)
            {
                seen.Add((_keys.SeenTitle(article.FeedId, title), titleTtl));
            }

            args.Add(seen.Count);
            foreach (var (key, ttl) in seen)
            {
                args.Add(IndexOf(key));
                args.Add(ttl);
            }

            var story = stories[i];
            args.Add(entry.Deliveries.Count);
            for (var d = 0; d < entry.Deliveries.Count; d++)
            {
                var delivery = entry.Deliveries[d];
                // A story id is set only once an article is clustered with another outlet's (the DigestItem contract).
                var item = story?.JoinedBy is null ? delivery.Item : delivery.Item with { StoryId = story.StoryId };
                var pending = IndexOf(_keys.Pending(delivery.SubscriberId, delivery.Channel));
                var json = JsonSerializer.Serialize(item, StoreJsonContext.Default.DigestItem);
                if (story?.JoinedBy is { } joining && folds.TryGetValue((i, d), out var current) && Fold(current, joining, story.StoryId) is { } folded)
                {
                    args.Add(1);
                    args.Add(pending);
                    args.Add(item.Key);
                    args.Add(json);
                    args.Add(IndexOf(_keys.Sending(delivery.SubscriberId, delivery.Channel)));
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
            args.Add(story?.Member.ToString() ?? string.Empty);
            args.Add((story?.Member.Published ?? 0) - (long)(2 * _options.StoryWindow.TotalMilliseconds));
            args.Add(Milliseconds(2 * _options.StoryWindow));
            foreach (var band in bands)
            {
                args.Add(IndexOf(_keys.StoryBand(band)));
            }
        }

        return (keys.ToArray(), args.ToArray());
    }

    /// <summary>The other outlet's pending entry with this article added to its "also reported by"; null when unreadable.</summary>
    private static string? Fold(string currentJson, Article joining, string storyId)
    {
        try
        {
            if (JsonSerializer.Deserialize(currentJson, StoreJsonContext.Default.DigestItem) is not { } current)
            {
                return null;
            }

            var source = new StorySource(joining.FeedId, joining.Title, joining.Link, joining.Published);
            IReadOnlyList<StorySource> also = current.AlsoReportedBy.Count < DigestItem.MaxAlsoReportedBy ? [.. current.AlsoReportedBy, source] : current.AlsoReportedBy;
            var folded = current with { StoryId = storyId, AlsoReportedBy = also };
            return JsonSerializer.Serialize(folded, StoreJsonContext.Default.DigestItem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string title) => title.Length <= MaxStoredTitleLength ? title : title[..MaxStoredTitleLength];

    /// <summary>The story an article belongs to; <see cref="JoinedBy"/> is set when it joined an existing story.</summary>
    private sealed record StoryAssignment(string StoryId, string RepresentativeKey, Article? JoinedBy, IReadOnlyList<string> BandKeys, StoryMember Member);

    /// <summary>A story fingerprint as stored in the band sets: tab-separated fields, words and names space-separated.</summary>
    private sealed record StoryMember(string StoryId, string RepresentativeKey, string FeedId, long Published, string[] Words, string? Link, string Title, string[] Names)
    {
        /// <summary>Members written before names were kept have seven fields; they read as naming nothing.</summary>
        public static StoryMember? Parse(string value)
        {
            var parts = value.Split('\t');
            return parts.Length is 7 or 8 && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var published)
                ? new StoryMember(parts[0], parts[1], parts[2], published, parts[4].Split(' ', StringSplitOptions.RemoveEmptyEntries), parts[5].Length == 0 ? null : parts[5], parts[6],
                    parts.Length == 8 ? parts[7].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
                : null;
        }

        public override string ToString() =>
            string.Join('\t', StoryId, Clean(RepresentativeKey), FeedId, Published.ToString(CultureInfo.InvariantCulture), string.Join(' ', Words), Clean(Link ?? string.Empty), Clean(Title), string.Join(' ', Names));

        private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ');
    }
}
