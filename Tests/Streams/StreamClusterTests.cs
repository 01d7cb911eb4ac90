using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Streams.Core;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>
/// The durable stream provider on a 3-silo cluster (real TCP between silos, a gateway client): order per stream,
/// implicit and explicit subscriptions, resume after reactivation, rewind, dead letters, and state + event
/// atomicity. Each backend runs the same tests (below).
/// </summary>
public abstract class StreamClusterTests
{
    private readonly TestCluster _cluster;

    protected StreamClusterTests(StreamClusterFixture fixture)
    {
        _cluster = fixture.Cluster;
    }

    [Fact]
    public async Task EachStreamArrivesInOrderAndEachEventIsAppliedOnce()
    {
        var keys = Enumerable.Range(0, 12).Select(i => $"order-{Guid.NewGuid():N}").ToList();
        const int count = 30;

        // Outbox writes and plain appends interleave on every stream; each stream is published in order.
        await Task.WhenAll(keys.Select(async key =>
        {
            var publisher = _cluster.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
            for (var value = 1; value <= count; value++)
            {
                if (value % 3 == 0)
                {
                    await publisher.AddAndPublish(value);
                }
                else
                {
                    await publisher.Publish(value, poison: false);
                }
            }
        }));

        foreach (var key in keys)
        {
            var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
            await Eventually.True(async () => (await consumer.GetSnapshot()).LastSequence == count, $"{key} received {count} events");
            var snapshot = await consumer.GetSnapshot();
            Assert.Equal(Enumerable.Range(1, count), snapshot.Values);
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), snapshot.Sequences);
            Assert.Equal(0, snapshot.Gaps);
        }
    }

    [Fact]
    public async Task StateAndItsEventAreStoredTogetherOrNotAtAll()
    {
        var key = $"atomic-{Guid.NewGuid():N}";
        var publisher = _cluster.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
        var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
        Assert.Equal(5, await publisher.AddAndPublish(5));
        Assert.Equal(12, await publisher.AddAndPublish(7));

        // Someone else writes the publisher's state: its next write is stale and must store neither state nor event.
        var storage = _cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var grainId = new GrainId("outboxpublisher", key);
        var state = new TestState<PublisherTotal>(new PublisherTotal());
        await storage.ReadStateAsync("publisher", grainId, state, CancellationToken.None);
        state.State.Total = 1000;
        await storage.WriteStateAsync("publisher", grainId, state, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => publisher.AddAndPublish(100));

        // The retired activation reloads: 1000 + 1. The consumer sees 5, 7, 1 — never the 100 of the failed write.
        Assert.Equal(1001, await publisher.AddAndPublish(1));
        await Eventually.True(async () => (await consumer.GetSnapshot()).LastSequence == 3, "the consumer received three events");
        var snapshot = await consumer.GetSnapshot();
        Assert.Equal([5, 7, 1], snapshot.Values);
        Assert.Equal(3, await Store.ReadStreamHeadAsync(StreamId.Create(StreamTestNames.Counter, key), CancellationToken.None));
    }

    [Fact]
    public async Task AnExplicitSubscriptionGetsWhatIsPublishedAfterItUntilItEnds()
    {
        var first = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"x-{Guid.NewGuid():N}");
        var second = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"y-{Guid.NewGuid():N}");
        var streamKey = first.GetPrimaryKeyString() + "-a";
        var stream = _cluster.Client.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Topic, streamKey));
        await stream.OnNextAsync(new TestEvent(0));

        await first.Subscribe(streamKey, null);
        Assert.Equal(1, await first.CountSubscriptions(streamKey));
        for (var i = 1; i <= 3; i++)
        {
            await stream.OnNextAsync(new TestEvent(i));
        }

        await Eventually.True(async () => (await first.GetReceivedValues()).Count == 3, "the subscriber received three events");
        Assert.Equal([1, 2, 3], await first.GetReceivedValues());
        Assert.Equal([2L, 3L, 4L], await first.GetReceivedSequences());

        await first.Unsubscribe(streamKey);
        Assert.Equal(0, await first.CountSubscriptions(streamKey));
        await ExplicitSubscribeToForeignStreamAsync(second, streamKey);
        await stream.OnNextAsync(new TestEvent(4));
        await stream.OnNextAsync(new TestEvent(5));

        // The other subscriber receives them; the same lane would have delivered them to the first one before.
        await Eventually.True(async () => (await second.GetReceivedValues()).Count == 2, "the second subscriber received two events");
        Assert.Equal([1, 2, 3], await first.GetReceivedValues());
    }

    [Fact]
    public async Task AGrainResumesItsSubscriptionAfterReactivation()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"r-{Guid.NewGuid():N}");
        var streamKey = consumer.GetPrimaryKeyString() + "-b";
        var stream = _cluster.Client.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Topic, streamKey));
        await consumer.Subscribe(streamKey, null);
        await stream.OnNextAsync(new TestEvent(1));
        await Eventually.True(async () => (await consumer.GetReceivedValues()).Count == 1, "the first event arrived");

        await consumer.Deactivate();
        await Eventually.True(() => !_cluster.Silos.Any(s => s.HasActivation(consumer)), "the consumer deactivated");

        // The next event activates the grain; OnActivateAsync resumes the stored subscription.
        await stream.OnNextAsync(new TestEvent(2));
        await stream.OnNextAsync(new TestEvent(3));
        await Eventually.True(async () => (await consumer.GetReceivedValues()).Count == 2, "the reactivated grain received the later events");
        Assert.Equal([2, 3], await consumer.GetReceivedValues());
        Assert.Equal(2, await consumer.GetActivationCount());
    }

    [Fact]
    public async Task SubscriptionsRewindToTheSequenceTheyAskFor()
    {
        var consumer = _cluster.GrainFactory.GetGrain<IExplicitConsumerGrain>($"w-{Guid.NewGuid():N}");
        var streamKey = consumer.GetPrimaryKeyString() + "-a";
        var stream = _cluster.Client.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Topic, streamKey));
        for (var i = 1; i <= 5; i++)
        {
            await stream.OnNextAsync(new TestEvent(i * 10));
        }

        // A grain subscription from sequence 2 catches up from the store without waiting for a new event.
        await consumer.Subscribe(streamKey, fromSequence: 2);
        await Eventually.True(async () => (await consumer.GetReceivedValues()).Count == 4, "the rewound subscription caught up");
        Assert.Equal([2L, 3L, 4L, 5L], await consumer.GetReceivedSequences());

        // A client subscription (as the Api's Last-Event-ID) from sequence 4, then live.
        var received = new List<(long Sequence, int Value)>();
        var handle = await stream.SubscribeAsync(
            (item, token) =>
            {
                lock (received)
                {
                    received.Add((token.SequenceNumber, item.Value));
                }

                return Task.CompletedTask;
            },
            new StreamSequenceToken(4));
        await stream.OnNextAsync(new TestEvent(60));
        await Eventually.True(() => Count(received) == 3, "the client subscription received 4, 5 and the live 6");
        await handle.UnsubscribeAsync();
        Assert.Equal([(4L, 40), (5L, 50), (6L, 60)], received);
        await Eventually.True(async () => (await consumer.GetReceivedValues()).Count == 5, "the grain received the live event too");
    }

    [Fact]
    public async Task APoisonEventIsParkedAndLaterEventsFlow()
    {
        var key = $"poison-{Guid.NewGuid():N}";
        var publisher = _cluster.GrainFactory.GetGrain<IOutboxPublisherGrain>(key);
        var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
        await publisher.Publish(1, poison: false);
        await publisher.Publish(2, poison: true);
        await publisher.Publish(3, poison: false);
        await publisher.PublishBatch([4, 5]);

        await Eventually.True(async () => (await consumer.GetSnapshot()).Values.Count == 4, "the events after the poison one arrived");
        Assert.Equal([1, 3, 4, 5], (await consumer.GetSnapshot()).Values);
        var letters = (await Store.ReadDeadLettersAsync(1000, CancellationToken.None)).Where(l => l.Event.Key == key).ToList();
        var letter = Assert.Single(letters);
        Assert.Equal(2, letter.Event.Sequence);
        Assert.Equal(new GrainId("implicitconsumer", key), letter.Consumer);
        Assert.Contains("Poison event 2", letter.Error, StringComparison.Ordinal);
        Assert.Equal(3, letter.Attempts);
    }

    [Fact]
    public async Task EventsForAnImplicitSubscriberWithoutAHandlerEndAsDeadLetters()
    {
        var key = $"silent-{Guid.NewGuid():N}";
        var stream = _cluster.Client.GetStreamProvider(StreamTestNames.Provider).GetStream<TestEvent>(StreamId.Create(StreamTestNames.Silent, key));
        await stream.OnNextAsync(new TestEvent(1));
        await stream.OnNextAsync(new TestEvent(2));

        await Eventually.True(
            async () => (await Store.ReadDeadLettersAsync(10_000, CancellationToken.None)).Count(l => l.Event.Key == key) == 2,
            "both events were parked");
        var letters = (await Store.ReadDeadLettersAsync(10_000, CancellationToken.None)).Where(l => l.Event.Key == key).ToList();
        Assert.All(letters, l => Assert.Contains("attached no handler", l.Error, StringComparison.Ordinal));
        Assert.Equal([1L, 2L], letters.Select(l => l.Event.Sequence));
        Assert.Equal(1, await _cluster.GrainFactory.GetGrain<ISilentConsumerGrain>(key).Ping());
    }

    private global::OrleansBackend.Runtime.Streams.Storage.IStreamStore Store =>
        _cluster.Primary.Services.GetRequiredKeyedService<StreamProviderRuntime>(StreamTestNames.Provider).RequireStore();

    private static int Count<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private async Task ExplicitSubscribeToForeignStreamAsync(IExplicitConsumerGrain consumer, string streamKey)
    {
        // The grain subscribes to another grain's stream key; resume-on-activate only covers its own keys, which is fine here.
        var subscription = await consumer.Subscribe(streamKey, null);
        Assert.NotEqual(Guid.Empty, subscription);
    }
}

[Collection(StreamCollection.Name)]
public sealed class MemoryStreamClusterTests(MemoryStreamClusterFixture fixture) : StreamClusterTests(fixture), IClassFixture<MemoryStreamClusterFixture>;

[Collection(StreamCollection.Name)]
public sealed class PostgresStreamClusterTests(PostgresStreamClusterFixture fixture) : StreamClusterTests(fixture), IClassFixture<PostgresStreamClusterFixture>;

[Collection(StreamCollection.Name)]
public sealed class SqliteStreamClusterTests(SqliteStreamClusterFixture fixture) : StreamClusterTests(fixture), IClassFixture<SqliteStreamClusterFixture>;
