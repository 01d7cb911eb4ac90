using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Placement;

/// <summary>Ownership in a cluster: what placement assigns to this silo under the current membership view.</summary>
internal sealed class ClusterGrainOwnership : IGrainOwnership
{
    private readonly ClusterMembershipView _view;
    private readonly GrainPlacement _placement;
    private readonly LocalSiloDetails _local;

    public ClusterGrainOwnership(ClusterMembershipView view, GrainPlacement placement, LocalSiloDetails local)
    {
        _view = view;
        _placement = placement;
        _local = local;
    }

    public long Version => _view.ChangeVersion;

    public bool IsOwnedLocally(GrainId grainId) => _local.HasAddress && _placement.GetOwner(grainId) == _local.Address;

    public bool IsOwnedLocally(string resource, int partition) => _local.HasAddress && _placement.GetOwner(resource, partition) == _local.Address;

    public Task WaitForChangeAsync(long knownVersion, CancellationToken cancellationToken) => _view.WaitForChangeAsync(knownVersion, cancellationToken);
}
