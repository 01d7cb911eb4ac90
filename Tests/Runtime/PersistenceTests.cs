using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class PersistenceTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public PersistenceTests(ClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var grain = _fixture.GrainFactory.GetGrain<IStateGrain>(Probe.NewKey());
        Assert.False(await grain.Exists());
        Assert.Null(await grain.Etag());

        await grain.Add(5);
        await grain.Add(7);
        var etag = await grain.Etag();
        var first = await grain.ActivationId();
        await DeactivateAsync(grain);

        Assert.NotEqual(first, await grain.ActivationId());
        Assert.Equal(12, await grain.Get());
        Assert.Equal(etag, await grain.Etag());
        Assert.True(await grain.Exists());
    }

    [Fact]
    public async Task StaleEtagFailsTheWriteAndRetiresTheActivation()
    {
        var grain = _fixture.GrainFactory.GetGrain<IStateGrain>(Probe.NewKey());
        await grain.Add(1);
        var first = await grain.ActivationId();

        // Someone else (another activation, in a real cluster) writes newer state behind the grain's back.
        var newer = new TestState { ETag = await grain.Etag(), State = new CounterState { Value = 100 } };
        await _fixture.Cluster.Storage.WriteStateAsync("counter", grain.GetGrainId(), newer, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add(1));

        await Eventually.True(() => !_fixture.Cluster.Primary.HasActivation(grain), "the stale activation is retired");
        Assert.NotEqual(first, await grain.ActivationId());
        Assert.Equal(100, await grain.Get());
        Assert.Equal(101, await grain.Add(1));
    }

    [Fact]
    public async Task ClearRemovesTheStateAndResetsIt()
    {
        var grain = _fixture.GrainFactory.GetGrain<IStateGrain>(Probe.NewKey());
        await grain.Add(3);

        await grain.Clear();

        Assert.False(await grain.Exists());
        Assert.Equal(0, await grain.Get());
        await DeactivateAsync(grain);
        Assert.False(await grain.Exists());
        Assert.Equal(2, await grain.Add(2));
    }

    private async Task DeactivateAsync(IAddressable grain)
    {
        var activation = _fixture.Cluster.Primary.Activation(grain);
        activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test"));
        await Eventually.Within(activation.Deactivated);
    }

    private sealed class TestState : IGrainState<CounterState>
    {
        public CounterState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
