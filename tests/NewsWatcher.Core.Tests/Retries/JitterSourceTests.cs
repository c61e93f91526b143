using NewsWatcher.Core.Retries;

namespace NewsWatcher.Core.Tests.Retries;

public sealed class JitterSourceTests
{
    [Fact]
    public void Next_SameSeed_SameSequenceInZeroToOne()
    {
        var a = JitterSource.Seeded(42);
        var b = JitterSource.Seeded(42);

        var first = Enumerable.Range(0, 100).Select(_ => a.Next()).ToList();
        var second = Enumerable.Range(0, 100).Select(_ => b.Next()).ToList();

        Assert.Equal(first, second);
        Assert.All(first, x => Assert.InRange(x, 0, 0.9999999999));
        var other = JitterSource.Seeded(43);
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => other.Next()).ToList());
    }

    [Fact]
    public void Next_Shared_InZeroToOne()
    {
        Assert.All(Enumerable.Range(0, 100).Select(_ => JitterSource.Shared.Next()), x => Assert.InRange(x, 0, 0.9999999999));
    }
}
