using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>The in-memory provider on a 3-silo cluster: the same delivery rules, without durability.</summary>
[Collection(StreamCollection.Name)]
public sealed class MemoryProviderTests(MemoryProviderClusterFixture fixture) : IClassFixture<MemoryProviderClusterFixture>
{
    private readonly TestCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task EventsPublishedFromGrainsArriveInOrderAtTheirImplicitSubscribers()
    {
        var keys = Enumerable.Range(0, 8).Select(_ => $"mem-{Guid.NewGuid():N}").ToList();
        await Task.WhenAll(keys.Select(async key =>
        {
            var publisher = _cluster.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
            for (var value = 1; value <= 25; value++)
            {
                await publisher.Publish(value, poison: false);
            }
        }));

        foreach (var key in keys)
        {
            var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
            await Eventually.True(async () => (await consumer.GetSnapshot()).LastSequence == 25, $"{key} received 25 events");
            Assert.Equal(Enumerable.Range(1, 25), (await consumer.GetSnapshot()).Values);
        }
    }

    [Fact]
    public async Task ExplicitSubscribersAndClientsReceiveLiveEvents()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"m-{Guid.NewGuid():N}");
        var streamKey = consumer.GetPrimaryKeyString() + "-a";
        var stream = _cluster.Client.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Topic, streamKey));
        await consumer.Subscribe(streamKey, null);
        var received = new List<int>();
        var handle = await stream.SubscribeAsync((item, _) =>
        {
            lock (received)
            {
                received.Add(item.Value);
            }

            return Task.CompletedTask;
        });

        for (var i = 1; i <= 5; i++)
        {
            await stream.OnNextAsync(new TestEvent(i));
        }

        await Eventually.True(async () => (await consumer.GetReceivedValues()).Count == 5, "the grain received five events");
        await Eventually.True(() => { lock (received) { return received.Count == 5; } }, "the client received five events");
        await handle.UnsubscribeAsync();
        Assert.Equal([1, 2, 3, 4, 5], await consumer.GetReceivedValues());
        Assert.Equal([1, 2, 3, 4, 5], received);
    }

    [Fact]
    public async Task APoisonEventIsParkedAndLaterEventsFlow()
    {
        var key = $"mem-poison-{Guid.NewGuid():N}";
        var publisher = _cluster.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
        var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
        await publisher.Publish(1, poison: false);
        await publisher.Publish(2, poison: true);
        await publisher.Publish(3, poison: false);

        await Eventually.True(async () => (await consumer.GetSnapshot()).Values.Count == 2, "the event after the poison one arrived");
        Assert.Equal([1, 3], (await consumer.GetSnapshot()).Values);
    }
}
