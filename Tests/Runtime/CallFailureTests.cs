using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class CallFailureTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly TestCluster _cluster;

    public CallFailureTests()
    {
        _cluster = new TestClusterBuilder(1)
            .UseTimeProvider(_time)
            .WithConfiguration("Messaging:ResponseTimeout", "00:00:05")
            .Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task ExceptionReachesTheCallerWithItsTypeAndMessage()
    {
        var grain = _cluster.GrainFactory.GetGrain<IFaultyGrain>(Probe.NewKey());

        var argument = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowArgument("too large"));
        var custom = await Assert.ThrowsAsync<AccountFrozenException>(() => grain.ThrowCustom("frozen since Monday"));

        Assert.StartsWith("too large", argument.Message, StringComparison.Ordinal);
        Assert.Equal("amount", argument.ParamName);
        Assert.Equal("frozen since Monday", custom.Message);
    }

    [Fact]
    public async Task CallWithoutResponseTimesOut()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<IFaultyGrain>(key);
        var call = grain.Hang();
        var activation = await ActivationOf(grain);
        await Eventually.True(() => activation.RunningCount == 1, "the call is running");

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("IFaultyGrain.Hang", timeout.Message, StringComparison.Ordinal);
        Probe.Gate(key).Release.SetResult();
    }

    [Fact]
    public async Task CancellationReachesTheGrainAndTheCaller()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<IFaultyGrain>(key);
        using var cancellation = new CancellationTokenSource();
        var call = grain.WaitForCancellation(cancellation.Token);
        var activation = await ActivationOf(grain);
        await Eventually.True(() => activation.RunningCount == 1, "the call is running");

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.True(() => Probe.Entries(key).Contains("cancelled"), "the grain saw the cancellation");
    }

    [Fact]
    public async Task AlreadyCancelledCallDoesNotRun()
    {
        var grain = _cluster.GrainFactory.GetGrain<IFaultyGrain>(Probe.NewKey());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.WaitForCancellation(new CancellationToken(canceled: true)));

        Assert.False(_cluster.Primary.HasActivation(grain));
    }

    [Fact]
    public async Task FailedActivationFailsTheCallAndIsRetriedOnTheNext()
    {
        var grain = _cluster.GrainFactory.GetGrain<IFailingActivationGrain>(Probe.NewKey());

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
        Assert.Contains("refused", first.Message, StringComparison.Ordinal);
        await Eventually.True(() => !_cluster.Primary.HasActivation(grain), "the failed activation is removed");
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
    }

    private async Task<OrleansBackend.Runtime.Activation.ActivationData> ActivationOf(OrleansBackend.Runtime.Grains.IAddressable grain)
    {
        await Eventually.True(() => _cluster.Primary.HasActivation(grain), "the grain is activated");
        return _cluster.Primary.Activation(grain);
    }
}
