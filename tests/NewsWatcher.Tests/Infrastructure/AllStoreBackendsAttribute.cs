using Xunit.v3;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// One theory row per store the product runs on (every <see cref="StoreBackend"/>), so each store test covers them all
/// and a new backend reaches every test from here. Rows for a server that is absent skip with a message.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllStoreBackendsAttribute : MemberDataAttributeBase
{
    public AllStoreBackendsAttribute()
        : base(nameof(Rows), [])
    {
        MemberType = typeof(AllStoreBackendsAttribute);
    }

    public static TheoryData<StoreBackend> Rows => new(Enum.GetValues<StoreBackend>());
}
