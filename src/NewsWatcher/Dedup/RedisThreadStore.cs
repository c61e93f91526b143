using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Storage;

namespace NewsWatcher.Dedup;

/// <summary>The truce threads in Redis: <c>{prefix}threads</c> lists conflicts by last development, each thread a hash under <c>{prefix}thread:{hash}</c>.</summary>
internal sealed class RedisThreadStore : IThreadStore
{
    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisThreadStore(RedisConnection connection, IOptions<StorageOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    public async Task<IReadOnlyList<StoryThread>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var conflicts = await database.SortedSetRangeByRankAsync(_keys.Threads(), 0, count - 1, StackExchange.Redis.Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (conflicts.Length == 0)
        {
            return [];
        }

        var read = database.CreateBatch();
        var states = conflicts.Select(c => read.HashGetAsync(_keys.Thread(c.ToString()), "s")).ToArray();
        read.Execute();
        var threads = new List<StoryThread>();
        foreach (var state in await Task.WhenAll(states).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            // An expired thread leaves its index entry until the next write prunes it; an unreadable one is skipped.
            if (!state.IsNull && Read(state.ToString()) is { } thread)
            {
                threads.Add(thread);
            }
        }

        return threads;
    }

    public async Task<StoryThread?> GetAsync(string conflictKey, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var state = await database.HashGetAsync(_keys.Thread(conflictKey), "s").WaitAsync(cancellationToken).ConfigureAwait(false);
        return state.IsNull ? null : Read(state.ToString());
    }

    private static StoryThread? Read(string json)
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
}
