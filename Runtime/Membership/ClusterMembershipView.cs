namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// The process's current view of the cluster. The membership service (on a silo) or the gateway monitor (on a
/// client) publishes snapshots; placement, connections and the catalog react to changes.
/// </summary>
internal sealed class ClusterMembershipView
{
    private readonly object _lock = new();
    private ClusterMembershipSnapshot _current = ClusterMembershipSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _changeVersion;

    /// <summary>Raised (synchronously, in order) after a snapshot with different statuses was published.</summary>
    public event Action<ClusterMembershipSnapshot, ClusterMembershipSnapshot>? Changed;

    public ClusterMembershipSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Incremented on every change of statuses.</summary>
    public long ChangeVersion => Volatile.Read(ref _changeVersion);

    /// <summary>Publishes a newer snapshot; returns true when statuses changed.</summary>
    public bool TryUpdate(ClusterMembershipSnapshot snapshot)
    {
        ClusterMembershipSnapshot previous;
        TaskCompletionSource changed;
        lock (_lock)
        {
            previous = _current;
            if (snapshot.Version < previous.Version)
            {
                return false;
            }

            _current = snapshot;
            if (previous.HasSameStatuses(snapshot) && previous.Version >= 0)
            {
                return false;
            }

            _changeVersion++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Changed?.Invoke(previous, snapshot);
        changed.TrySetResult();
        return true;
    }

    /// <summary>Completes when the statuses changed after <paramref name="knownVersion"/>.</summary>
    public Task WaitForChangeAsync(long knownVersion, CancellationToken cancellationToken)
    {
        Task task;
        lock (_lock)
        {
            if (_changeVersion > knownVersion)
            {
                return Task.CompletedTask;
            }

            task = _changed.Task;
        }

        return task.WaitAsync(cancellationToken);
    }
}
