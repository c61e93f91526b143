namespace NewsWatcher.Fetching;

/// <summary>
/// Request slots per host shared by every replica of a cluster, so the per-host limit holds cluster-wide. A slot is
/// a lease: one held by a replica that died frees itself when the lease runs out.
/// </summary>
internal interface IHostSlots
{
    /// <summary>Takes a slot for <paramref name="host"/> if fewer than <paramref name="limit"/> are held; returns its token, or null when all are taken.</summary>
    Task<string?> TryAcquireAsync(string host, int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives back the slot taken with <paramref name="token"/>.</summary>
    Task ReleaseAsync(string host, string token);
}
