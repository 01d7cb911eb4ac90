using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Hosting;

namespace OrleansBackend.Api.Operations;

/// <summary>Reads GET /v1/cluster from Orleans' management grain on each request (membership and activation counts); keeps nothing.</summary>
public sealed class ClusterOverview(IGrainFactory grains, IOptions<ClusterOptions> cluster, IConfiguration configuration, TimeProvider time)
{
    /// <summary>The silos now.</summary>
    public async Task<ClusterResponse> ReadAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var activations = (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => (long)g.Sum(s => s.ActivationCount));
        var silos = hosts
            .OrderBy(h => h.StartTime)
            .ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h => new SiloResponse(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.SiloAddress.Endpoint.ToString(),
                StatusName(h.Status),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)),
                h.ProxyPort,
                h.SuspectTimes?.Count ?? 0,
                h.Status == SiloStatus.Active ? activations.GetValueOrDefault(h.SiloAddress) : null))
            .ToList();
        var mode = string.Equals(configuration[ClusterModes.ModeKey], "Client", StringComparison.OrdinalIgnoreCase) ? "client" : "embedded";
        return new ClusterResponse(cluster.Value.ClusterId, cluster.Value.ServiceId, mode, time.GetUtcNow(), silos);
    }

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "unknown",
    };
}
