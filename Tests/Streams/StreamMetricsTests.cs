using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>The streams meter counts events published and delivered, retries, dead letters and consumer lag.</summary>
public sealed class StreamMetricsTests
{
    [Fact]
    public async Task PublishedDeliveredRedeliveredDeadLetteredAndLagAreMeasured()
    {
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "OrleansBackend.Streams")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => totals.AddOrUpdate(instrument.Name, 1, (_, total) => total + 1));
        listener.Start();

        await using var silo = await StorageSilo.StartAsync($"metrics-{Guid.NewGuid():N}", s => s
            .AddMemoryGrainStorage()
            .AddDurableStreams(StreamProviderNames.Default, GrainStorageNames.Default, StreamBackend.FastOptions));
        var key = $"metrics-{Guid.NewGuid():N}";
        var publisher = silo.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
        var consumer = silo.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
        await publisher.Publish(1, poison: false);
        await publisher.Publish(2, poison: true);
        await publisher.Publish(3, poison: false);
        await Eventually.True(async () => (await consumer.GetSnapshot()).Values.Count == 2, "the good events arrived");

        Assert.True(totals.GetValueOrDefault("orleans.streams.events.published") >= 3);
        Assert.True(totals.GetValueOrDefault("orleans.streams.events.delivered") >= 2);
        Assert.True(totals.GetValueOrDefault("orleans.streams.redeliveries") >= 2);
        Assert.True(totals.GetValueOrDefault("orleans.streams.dead_letters") >= 1);
        Assert.True(totals.GetValueOrDefault("orleans.streams.consumer.lag") >= 2);
    }
}
