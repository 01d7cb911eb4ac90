using OrleansBackend.Runtime.Grains;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class TurnSchedulingTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public TurnSchedulingTests(ClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task NonReentrantGrainRunsOneRequestAtATime()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());

        var results = await Eventually.Within(Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.Work(5))));

        Assert.All(results, max => Assert.Equal(1, max));
    }

    [Fact]
    public async Task SecondRequestWaitsUntilTheFirstCompletes()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var gateKey = Probe.NewKey();
        var gate = Probe.Gate(gateKey);

        var hold = grain.Hold(gateKey);
        await Eventually.Within(gate.Entered.Task);
        var ping = grain.Ping();
        var activation = _fixture.Cluster.Primary.Activation(grain);
        await Eventually.True(() => activation.WaitingCount == 1, "the second request is queued behind the first");
        Assert.False(ping.IsCompleted);

        gate.Release.SetResult();
        await Eventually.Within(hold);
        Assert.Equal(1, await Eventually.Within(ping));
    }

    [Fact]
    public async Task RequestsFromOneCallerRunInTheOrderSent()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());

        await Eventually.Within(Task.WhenAll(Enumerable.Range(0, 500).Select(grain.Append)));

        Assert.Equal(Enumerable.Range(0, 500), await grain.GetLog());
    }

    [Fact]
    public async Task ReentrantGrainInterleavesRequests()
    {
        var grain = _fixture.GrainFactory.GetGrain<IBarrierGrain>(Probe.NewKey());
        var gateKey = Probe.NewKey();

        // Each call waits until all ten are inside the grain at once: only interleaving lets that happen.
        var results = await Eventually.Within(Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.Enter(gateKey, 10))));

        Assert.All(results, count => Assert.Equal(10, count));
    }

    [Fact]
    public async Task ReadOnlyRequestsRunTogether()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var gateKey = Probe.NewKey();

        var results = await Eventually.Within(Task.WhenAll(Enumerable.Range(0, 5).Select(_ => grain.Read(gateKey, 5))));

        Assert.All(results, count => Assert.Equal(5, count));
    }

    [Fact]
    public async Task ReadOnlyRequestWaitsForARequestThatChangesState()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var holdKey = Probe.NewKey();
        var hold = grain.Hold(holdKey);
        await Eventually.Within(Probe.Gate(holdKey).Entered.Task);

        var read = grain.Read(Probe.NewKey(), 1);
        var activation = _fixture.Cluster.Primary.Activation(grain);
        await Eventually.True(() => activation.WaitingCount == 1, "the read-only request waits for the writer");
        Assert.False(read.IsCompleted);

        Probe.Gate(holdKey).Release.SetResult();
        await Eventually.Within(hold);
        Assert.Equal(1, await Eventually.Within(read));
    }

    [Fact]
    public async Task AlwaysInterleaveRunsWhileAnotherRequestHoldsTheTurn()
    {
        var grain = _fixture.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
        var gateKey = Probe.NewKey();
        var hold = grain.Hold(gateKey);
        await Eventually.Within(Probe.Gate(gateKey).Entered.Task);

        Assert.Equal(0, await Eventually.Within(grain.Interleaved()));

        Assert.False(hold.IsCompleted);
        Probe.Gate(gateKey).Release.SetResult();
        await Eventually.Within(hold);
    }

    [Fact]
    public async Task CallChainMayReenterAGrainThatWaitsForIt()
    {
        var a = _fixture.GrainFactory.GetGrain<IChainGrain>("a-" + Probe.NewKey());
        var bKey = "b-" + Probe.NewKey();

        var result = await Eventually.Within(a.CallThrough(bKey));

        Assert.Equal($"{a.GetPrimaryKeyString()}>{bKey}>{a.GetPrimaryKeyString()}", result);
    }
}
