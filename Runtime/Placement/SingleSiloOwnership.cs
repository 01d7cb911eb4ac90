using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Placement;

/// <summary>A silo without clustering owns everything, and that never changes.</summary>
internal sealed class SingleSiloOwnership : IGrainOwnership
{
    public long Version => 1;

    public bool IsOwnedLocally(GrainId grainId) => true;

    public bool IsOwnedLocally(string resource, int partition) => true;

    public Task WaitForChangeAsync(long knownVersion, CancellationToken cancellationToken) =>
        knownVersion < Version ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);
}
