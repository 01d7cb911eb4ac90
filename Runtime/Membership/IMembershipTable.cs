namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// The shared table of silos that every silo reads and writes. Inserts and updates are conditional: an insert
/// succeeds only at the given table version and when the row does not exist; an update only at the given table
/// version and row etag; each success increments the table version. That lets many silos vote and change status
/// concurrently without losing anyone's write. Heartbeats (<see cref="UpdateIAmAliveAsync"/>) are the only
/// unconditional write and do not change the version. Implementations: in memory, Redis, PostgreSQL.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates what the table needs (schema, the version record) if missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row and the table version.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new row if the table is still at <paramref name="expectedVersion"/> and the row does not exist.</summary>
    /// <returns>False when the condition failed (someone else wrote first); true when inserted.</returns>
    Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces a row if the table is still at <paramref name="expectedVersion"/> and the row's etag is <paramref name="etag"/>.</summary>
    /// <returns>False when the condition failed; true when updated.</returns>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Writes only the heartbeat time of the silo's row (no condition, no version change).</summary>
    Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>Deletes rows of dead silos whose last heartbeat is older than <paramref name="olderThan"/>.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Deletes the whole cluster's table (tests and <c>cluster.sh down --wipe</c>).</summary>
    Task DeleteClusterAsync(CancellationToken cancellationToken);
}
