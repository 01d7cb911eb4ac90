using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Diagnostics;

/// <summary>
/// What this process knows of its cluster, for operators and dashboards: the current membership view (a silo's or a
/// cluster client's) and the silo that runs in this process, if any. Reads only; holds nothing of its own.
/// </summary>
public sealed class ClusterInspector
{
    private readonly ClusterMembershipView? _view;
    private readonly LocalSiloDetails? _local;

    /// <summary>Created by the container of a silo or a cluster client.</summary>
    public ClusterInspector(IServiceProvider services, IOptions<SiloOptions> silo)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(silo);
        _view = services.GetService<ClusterMembershipView>();
        _local = services.GetService<LocalSiloDetails>();
        ClusterId = silo.Value.ClusterId;
        ServiceId = silo.Value.ServiceId;
        LocalSiloName = silo.Value.SiloName;
    }

    /// <summary>The cluster id.</summary>
    public string ClusterId { get; }

    /// <summary>The service id.</summary>
    public string ServiceId { get; }

    /// <summary>True when this process is part of a cluster (a clustered silo or a cluster client).</summary>
    public bool IsClustered => _view is not null;

    /// <summary>The membership as this process sees it now (empty for a standalone silo).</summary>
    public ClusterMembershipSnapshot Membership => _view?.Current ?? ClusterMembershipSnapshot.Empty;

    /// <summary>The address of the clustered silo in this process, once it has bound its endpoints.</summary>
    public SiloAddress? LocalSilo => _local is { HasAddress: true } local ? local.Address : null;

    /// <summary>The configured name of this process's silo (<c>Silo:SiloName</c>).</summary>
    public string LocalSiloName { get; }
}
