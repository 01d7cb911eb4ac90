using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Runtime;

public sealed class FilterAndMetricsTests : IAsyncLifetime
{
    private readonly CallLogFilter _filter = new();
    private readonly TestCluster _cluster;

    public FilterAndMetricsTests()
    {
        _cluster = new TestClusterBuilder(1).ConfigureSilo(silo => silo.AddIncomingGrainCallFilter(_filter)).Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task FilterSeesEveryCallAndItsResult()
    {
        var grain = _cluster.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());

        await grain.Ping();
        await grain.Ping();

        Assert.Equal(["ITurnGrain.Ping=1", "ITurnGrain.Ping=2"], _filter.Calls.Where(c => c.Contains("Ping", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FilterCanRefuseACallBeforeTheGrainRuns()
    {
        var key = Probe.NewKey();
        var grain = _cluster.GrainFactory.GetGrain<IFaultyGrain>(key);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.ThrowArgument("forbidden"));

        Assert.Contains("refused by filter", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetersCountCallsAndActivationsByTypeAndMethod()
    {
        var meterScope = _cluster.Primary.Services.GetRequiredService<IMeterFactory>();
        var calls = 0L;
        var durations = 0;
        var activations = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterScope && instrument.Meter.Name == "OrleansBackend.Runtime")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "orleans.grain.calls" && HasTag(tags, "method", "Work"))
            {
                Interlocked.Add(ref calls, value);
            }
            else if (instrument.Name == "orleans.activations.created" && HasTag(tags, "grain.type", "turn"))
            {
                Interlocked.Add(ref activations, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "orleans.grain.call.duration" && HasTag(tags, "interface", "ITurnGrain") && HasTag(tags, "method", "Work"))
            {
                Interlocked.Increment(ref durations);
            }
        });
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            var grain = _cluster.GrainFactory.GetGrain<ITurnGrain>(Probe.NewKey());
            await grain.Work(1);
            await grain.Work(2);
        }

        Assert.Equal(6, Interlocked.Read(ref calls));
        Assert.Equal(6, Volatile.Read(ref durations));
        Assert.Equal(3, Interlocked.Read(ref activations));
    }

    private static bool HasTag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key, string value)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
