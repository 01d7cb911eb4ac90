using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class IdleCollectionTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly TestCluster _cluster;

    public IdleCollectionTests()
    {
        _cluster = new TestClusterBuilder(1)
            .UseTimeProvider(_time)
            .WithConfiguration("GrainCollection:CollectionQuantum", "00:00:10")
            .WithConfiguration("GrainCollection:CollectionAge", "00:01:00")
            .Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task IdleActivationIsCollectedAfterItsCollectionAge()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var first = await grain.ActivationId();

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(_cluster.Primary.HasActivation(grain));
        Assert.DoesNotContain(Probe.Entries(key), e => e.StartsWith("deactivated", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.True(() => Probe.Entries(key).Contains("deactivated:ActivationIdle"), "the idle activation is collected");
        await Eventually.True(() => !_cluster.Primary.HasActivation(grain), "the activation left the catalog");

        Assert.NotEqual(first, await grain.ActivationId());
    }

    [Fact]
    public async Task ActivityResetsTheIdleClock()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var first = await grain.ActivationId();

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(first, await grain.ActivationId());
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.True(_cluster.Primary.HasActivation(grain));
        Assert.Equal(first, await grain.ActivationId());
    }

    [Fact]
    public async Task ClassCollectionAgeOverridesTheSiloDefault()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<ILongLivedGrain>(key);
        var first = await grain.ActivationId();

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(_cluster.Primary.HasActivation(grain));

        _time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.True(() => Probe.Entries(key).Contains("deactivated:ActivationIdle"), "the 5-minute class age elapsed");
        await Eventually.True(() => !_cluster.Primary.HasActivation(grain), "the activation left the catalog");
        Assert.NotEqual(first, await grain.ActivationId());
    }

    [Fact]
    public async Task DeactivateOnIdleRetiresTheActivationAfterTheCall()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        var first = await grain.ActivationId();

        await grain.DeactivateNow();

        await Eventually.True(() => Probe.Entries(key).Contains("deactivated:ApplicationRequested"), "the grain deactivated itself");
        Assert.NotEqual(first, await grain.ActivationId());
        Assert.Equal(["activated", "deactivated:ApplicationRequested", "activated"], Probe.Entries(key));
    }
}
