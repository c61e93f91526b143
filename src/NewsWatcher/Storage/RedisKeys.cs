using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>Builds every key the store uses, under <see cref="StorageOptions.KeyPrefix"/>.</summary>
/// <remarks>
/// Feed text (ids, links) is always hashed so keys stay bounded whatever a feed sends. Configured ids
/// (subscribers, feeds) stay readable when they are short and plain, which helps ops inspecting Redis,
/// and are hashed otherwise; the '#' marker keeps the two forms from colliding.
/// </remarks>
internal sealed class RedisKeys
{
    private const int HashHexLength = 32;
    private const int MaxPlainSegmentLength = 64;

    private readonly string _prefix;

    public RedisKeys(string keyPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        _prefix = keyPrefix;
    }

    public RedisKeys(IOptions<StorageOptions> options)
        : this(options.Value.KeyPrefix)
    {
    }

    public string Prefix => _prefix;

    /// <summary>Whether every key shares the prefix's hash tag (<c>{nw}:</c>), and so one Redis Cluster slot.</summary>
    public static bool IsHashTagged(string keyPrefix) =>
        keyPrefix.StartsWith('{') && keyPrefix.IndexOf('}', StringComparison.Ordinal) > 1;

    /// <summary>Seen marker for one of an article's dedup claims (<see cref="SeenClaim.Of"/>).</summary>
    public RedisKey Seen(SeenClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var kind = claim.Kind switch
        {
            SeenKind.Id => "id",
            SeenKind.Link => "link",
            SeenKind.Headline => "title",
            _ => throw new ArgumentOutOfRangeException(nameof(claim), claim.Kind, "Unknown seen kind."),
        };
        return $"{_prefix}seen:{kind}:{Hash(claim.Value)}";
    }

    /// <summary>Seen marker for an article id. Ids are only unique within a feed (guids like "42"), so the feed is part of it.</summary>
    public RedisKey SeenId(Article article) => Seen(new SeenClaim(SeenKind.Id, article.FeedId + "\n" + article.Id));

    /// <summary>Seen marker for a canonical link, shared by all feeds so a syndicated story is delivered once.</summary>
    public RedisKey SeenLink(string link) => Seen(new SeenClaim(SeenKind.Link, link));

    /// <summary>Seen marker for a feed's normalised headline: the same article under a new guid and link is still seen.</summary>
    public RedisKey SeenTitle(string feedId, string normalizedTitle) => Seen(new SeenClaim(SeenKind.Headline, feedId + "\n" + normalizedTitle));

    /// <summary>One MinHash band of recent story fingerprints (a sorted set scored by publication time).</summary>
    public RedisKey StoryBand(string bandKey) => $"{_prefix}story:band:{bandKey}";

    /// <summary>The open truce thread of one conflict (a hash: <c>v</c> its version, <c>s</c> its JSON state).</summary>
    public RedisKey Thread(string conflictKey) => $"{_prefix}thread:{Hash(conflictKey)}";

    /// <summary>Conflict keys of recent threads, scored by their last development (Unix ms), for the status page.</summary>
    public RedisKey Threads() => $"{_prefix}threads";

    public RedisKey Pending(string subscriberId, OutboxKind outbox) =>
        $"{_prefix}pending:{Segment(subscriberId)}:{OutboxName(outbox)}";

    public RedisKey Sending(string subscriberId, OutboxKind outbox) =>
        $"{_prefix}sending:{Segment(subscriberId)}:{OutboxName(outbox)}";

    /// <summary>When a message of one outbox was last accepted (Unix milliseconds), so older refusals read as past.</summary>
    public RedisKey LastSent(string subscriberId) => $"{_prefix}sent:{Segment(subscriberId)}";

    /// <summary>Permanently refused messages of one subscriber (a capped list, newest first).</summary>
    public RedisKey Failed(string subscriberId) => $"{_prefix}failed:{Segment(subscriberId)}";

    /// <summary>Subscribers' own preferences (one hash, field = outbox id): the overlay on subscribers.yaml.</summary>
    public RedisKey Preferences() => $"{_prefix}prefs";

    public RedisKey Feed(string feedId) => $"{_prefix}feed:{Segment(feedId)}";

    /// <summary>The request slots held on one host across the cluster (lease tokens scored by expiry).</summary>
    public RedisKey HostSlots(string host) => $"{_prefix}host:{Segment(host.ToLowerInvariant())}";

    /// <summary>Every WebSub subscription (a hash: feed id to its JSON), shared so any replica can answer a hub's callback.</summary>
    public RedisKey WebSubSubscriptions() => $"{_prefix}websub";

    /// <summary>One replica's claim on one request to a feed's hub (a renewal, say), so no two replicas send it.</summary>
    public RedisKey WebSubClaim(string feedId, string request) => $"{_prefix}websub:claim:{Segment(feedId)}:{request}";

    /// <summary>The cluster's latest matches (a capped list of JSON entries, newest first).</summary>
    public RedisKey RecentMatches() => $"{_prefix}recent";

    /// <summary>Matches per watch id in one time bucket (a hash that expires after the 24-hour window).</summary>
    public RedisKey MatchCounts(long bucket) => $"{_prefix}matches:{bucket.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Truncated SHA-256 hex: 128 bits is ample against accidental collisions and keeps keys short.</summary>
    public static string Hash(string value)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexStringLower(digest)[..HashHexLength];
    }

    private static string Segment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsPlain(value) ? value : "#" + Hash(value);
    }

    private static bool IsPlain(string value)
    {
        if (value.Length is 0 or > MaxPlainSegmentLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string OutboxName(OutboxKind outbox) => outbox switch
    {
        OutboxKind.Digest => "digest",
        OutboxKind.Alert => "alert",
        _ => throw new ArgumentOutOfRangeException(nameof(outbox), outbox, "Unknown outbox."),
    };
}
