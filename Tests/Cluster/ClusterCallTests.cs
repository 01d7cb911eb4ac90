using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Cluster;

public sealed class ClusterCallTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(3).Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task CallsReachGrainsOnEverySilo()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();

        var locations = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i).Locate()));

        var silos = locations.Select(l => l.Silo).Distinct().ToList();
        Assert.Equal(3, silos.Count);
        Assert.All(locations, l => Assert.Equal(1, l.Calls));
    }

    [Fact]
    public async Task GrainsCallGrainsOnOtherSilos()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var targets = Enumerable.Range(2000, 60).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i)).ToList();
        var callers = Enumerable.Range(1000, 60).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i)).ToList();
        var direct = await Task.WhenAll(targets.Select(g => g.Locate()));

        var viaCallers = await Task.WhenAll(callers.Select((caller, i) => caller.LocateOther(2000 + i)));

        for (var i = 0; i < targets.Count; i++)
        {
            Assert.Equal(direct[i].Silo, viaCallers[i].Silo);
            Assert.Equal(direct[i].Activation, viaCallers[i].Activation);
        }

        Assert.True(callers.Count(c => _cluster.Silos.First(s => s.HasActivation(c)) != _cluster.Silos.First(s => s.HasActivation(targets[callers.IndexOf(c)]))) > 10);
    }

    [Fact]
    public async Task TenThousandGrainsSpreadEvenlyOverThreeSilos()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();

        var locations = new List<Location>();
        for (var batch = 0; batch < 10; batch++)
        {
            locations.AddRange(await Task.WhenAll(Enumerable.Range(100_000 + (batch * 1000), 1000).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i).Locate())));
        }

        var mean = locations.Count / 3.0;
        foreach (var group in locations.GroupBy(l => l.Silo))
        {
            Assert.InRange(group.Count(), mean * 0.85, mean * 1.15);
        }
    }

    [Fact]
    public async Task EachGrainHasOneActivationInTheCluster()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var grains = Enumerable.Range(5000, 200).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i)).ToList();

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(grains.Select(g => g.Locate()));
        }

        foreach (var grain in grains)
        {
            Assert.Equal(1, _cluster.Silos.Count(s => s.HasActivation(grain)));
        }
    }
}
