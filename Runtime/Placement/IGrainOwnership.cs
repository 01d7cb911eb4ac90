using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Placement;

/// <summary>
/// Which grains this silo owns under the current membership. Services that must run once per grain in the
/// cluster (reminders, stream partitions) act only on what this silo owns and re-check when ownership changes.
/// </summary>
public interface IGrainOwnership
{
    /// <summary>Bumped every time ownership may have changed (a silo joined or left).</summary>
    long Version { get; }

    /// <summary>True when this silo owns <paramref name="grainId"/> now.</summary>
    bool IsOwnedLocally(GrainId grainId);

    /// <summary>True when this silo owns the partition <paramref name="partition"/> of a partitioned resource.</summary>
    bool IsOwnedLocally(string resource, int partition);

    /// <summary>Completes when ownership may have changed after <paramref name="knownVersion"/>.</summary>
    Task WaitForChangeAsync(long knownVersion, CancellationToken cancellationToken);
}
