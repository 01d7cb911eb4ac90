using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

/// <summary>
/// Grain extensions: an IGrainExtension interface is callable on any grain id; the activation serves it with one
/// extension object per activation, in the grain's turns.
/// </summary>
public sealed class GrainExtensionTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(1)
        .ConfigureSilo(silo => silo.AddGrainExtension<IDescribeExtension>(context => new DescribeExtension(context.GrainId.ToString())))
        .Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task AnyGrainServesTheExtensionWithOneObjectPerActivation()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var extension = _cluster.GrainFactory.GetGrain<IDescribeExtension>(grain.GetGrainId());

        Assert.Equal($"{grain.GetGrainId()}#1", await extension.Describe());
        Assert.Equal($"{grain.GetGrainId()}#2", await extension.Describe());
        Assert.Equal(1, await grain.Ping());
    }

    [Fact]
    public async Task ExtensionCallsWaitForTheGrainsTurn()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var gateKey = Probe.NewKey();
        var gate = Probe.Gate(gateKey);
        var hold = grain.Hold(gateKey);
        await Eventually.Within(gate.Entered.Task);

        var describe = _cluster.GrainFactory.GetGrain<IDescribeExtension>(grain.GetGrainId()).Describe();
        var activation = _cluster.Primary.Activation(grain);
        await Eventually.True(() => activation.WaitingCount == 1, "the extension call waits behind the running request");
        Assert.False(describe.IsCompleted);

        gate.Release.SetResult();
        await Eventually.Within(hold);
        Assert.EndsWith("#1", await Eventually.Within(describe), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionWithoutAFactoryFailsTheCall()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.GrainFactory.GetGrain<IUnregisteredExtension>(grain.GetGrainId()).Poke());

        Assert.Contains(nameof(IUnregisteredExtension), failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, await grain.Ping());
    }
}
