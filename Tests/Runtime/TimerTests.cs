using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class TimerTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly TestCluster _cluster;

    public TimerTests()
    {
        _cluster = new TestClusterBuilder(1).UseTimeProvider(_time).Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task TimerTicksRunAsTurnsOfTheGrain()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>(Probe.NewKey());
        await grain.Start(Period);

        _time.Advance(Period);
        Assert.Equal(1, await grain.Ticks());
        _time.Advance(Period);
        Assert.Equal(2, await grain.Ticks());
    }

    [Fact]
    public async Task TickWaitsForTheRequestThatHoldsTheTurn()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>(Probe.NewKey());
        await grain.Start(Period);
        var gateKey = Probe.NewKey();
        var hold = grain.Hold(gateKey);
        await Eventually.Within(Probe.Gate(gateKey).Entered.Task);

        _time.Advance(Period);
        var activation = _cluster.Primary.Activation(grain);
        Assert.Equal(1, activation.WaitingCount);

        Probe.Gate(gateKey).Release.SetResult();
        await Eventually.Within(hold);
        Assert.Equal(1, await grain.Ticks());
        Assert.Equal(0, await grain.OverlappingTicks());
    }

    [Fact]
    public async Task TimerStopsWithTheActivation()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<ITimerGrain>(key);
        var before = _time.ActiveTimerCount;
        await grain.Start(Period);
        Assert.Equal(before + 1, _time.ActiveTimerCount);

        await grain.Deactivate();
        await Eventually.True(() => Probe.Entries(key).Contains("deactivated"), "the grain deactivated");

        Assert.Equal(before, _time.ActiveTimerCount);
        _time.Advance(Period * 3);
        Assert.DoesNotContain(Probe.Entries(key), e => e.StartsWith("tick", StringComparison.Ordinal));
    }
}
