using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// A silo that receives a call for a grain it no longer owns forwards it to the owner. The caller here is a cluster
/// client whose view of membership is frozen before a third silo joins (it refreshes once an hour), so it keeps
/// sending the moved grains' calls to their old owners; only forwarding can get them to the new silo.
/// </summary>
public sealed class ClusterForwardingTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(2).Build();
    private IHost? _staleClient;

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        if (_staleClient is not null)
        {
            await _staleClient.StopAsync();
            _staleClient.Dispose();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task CallsForGrainsThatMovedAreForwardedToTheirNewOwner()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var client = await StartStaleClientAsync();
        var grains = Enumerable.Range(7000, 150).Select(i => client.GetGrain<ILocatorGrain>(i)).ToList();
        Assert.All(await Task.WhenAll(grains.Select(g => g.Write())), writes => Assert.Equal(1, writes));

        var joined = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        var ownership = joined.Services.GetRequiredService<IGrainOwnership>();
        var moved = grains.Where(g => ownership.IsOwnedLocally(g.GetGrainId())).ToList();
        Assert.NotEmpty(moved);

        // The client still knows only the first two silos, so it cannot have addressed the new one itself.
        var clientView = _staleClient!.Services.GetRequiredService<ClusterMembershipView>().Current;
        Assert.Equal(2, clientView.ActiveSilos.Count);
        Assert.DoesNotContain(joined.Address!, clientView.ActiveSilos);

        var writes = await Task.WhenAll(grains.Select(g => g.Write()));
        var locations = await Task.WhenAll(moved.Select(g => g.Locate()));

        Assert.All(writes, count => Assert.Equal(2, count));
        Assert.All(locations, location => Assert.Equal(joined.Name, location.Silo));
        foreach (var grain in grains)
        {
            Assert.Equal(1, _cluster.Silos.Count(s => s.HasActivation(grain)));
        }
    }

    private async Task<IClusterClient> StartStaleClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:ClusterId"] = _cluster.Options.ClusterId,
            ["Cluster:Secret"] = _cluster.Secret,
            ["Membership:TableRefreshInterval"] = "01:00:00",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseClusterClient(client => client.UseInMemoryClustering(_cluster.MembershipTable));
        _staleClient = builder.Build();
        await _staleClient.StartAsync();
        return _staleClient.Services.GetRequiredService<IClusterClient>();
    }
}
