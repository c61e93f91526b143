namespace NewsWatcher.Core.Retries;

/// <summary>
/// Where backoff jitter comes from: the process's shared randomness in the worker, a seeded sequence where a test
/// wants the same waits on every run. Thread-safe.
/// </summary>
public sealed class JitterSource
{
    private readonly Random? _seeded;
    private readonly Lock _lock = new();

    private JitterSource(Random? seeded) => _seeded = seeded;

    /// <summary>Backed by <see cref="Random.Shared"/>.</summary>
    public static JitterSource Shared { get; } = new(null);

    /// <summary>The same sequence for the same <paramref name="seed"/>.</summary>
    public static JitterSource Seeded(int seed) => new(new Random(seed));

    /// <summary>A number in [0, 1).</summary>
    public double Next()
    {
        if (_seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_lock)
        {
            return _seeded.NextDouble();
        }
    }
}
