using NewsWatcher.Core.Outbox;

namespace NewsWatcher.Core.Dedup;

/// <summary>Applies a thread decision to an article's deliveries: every item carries its thread, and developments-only alerts go out only for a new development.</summary>
public static class ThreadDeliveries
{
    public static IReadOnlyList<PendingDelivery> Apply(IReadOnlyList<PendingDelivery> deliveries, ThreadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(decision);
        var result = new List<PendingDelivery>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            var stamped = decision.Stamp is { } stamp ? delivery with { Item = delivery.Item with { Thread = stamp } } : delivery;
            if (!delivery.DevelopmentsOnly || decision.IsNewDevelopment)
            {
                result.Add(stamped);
            }
            else if (delivery.KnownDevelopmentOutbox is { } channel)
            {
                result.Add(stamped with { Outbox = channel, DevelopmentsOnly = false, KnownDevelopmentOutbox = null });
            }
        }

        return result;
    }
}
