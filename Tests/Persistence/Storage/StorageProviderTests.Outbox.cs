using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Serialization;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>The transactional outbox: state and events commit together or not at all.</summary>
public abstract partial class StorageProviderTests
{
    [Fact]
    public async Task StateAndEventsCommitTogetherWithGaplessSequences()
    {
        await using var silo = await StartSiloAsync();
        var stream = Probe.NewKey();
        var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());

        await grain.AddWithEvents(1, stream, 2, "counter.added");
        await grain.AddWithEvents(2, stream, 1, "counter.added");

        var reader = Reader(silo);
        var events = await reader.ReadStreamAsync("counter", stream, 0, 100, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(StreamPartitioner.GetPartition("counter", stream, reader.PartitionCount), e.Partition));
        Assert.All(events, e => Assert.Equal("counter.added", e.EventType));
        Assert.Equal(3, OutboxEventPayload(events[2]).Total);
        Assert.True(events[0].Id < events[1].Id && events[1].Id < events[2].Id);

        var afterTwo = await reader.ReadStreamAsync("counter", stream, 2, 100, CancellationToken.None);
        Assert.Equal([3L], afterTwo.Select(e => e.Sequence));
        Assert.Equal(3, await grain.Get());
    }

    [Fact]
    public async Task ConflictingWriteStoresNeitherStateNorEvents()
    {
        await using var first = await StartSiloAsync();
        await using var second = await StartSiloAsync();
        var key = Probe.NewKey();
        var stream = Probe.NewKey();
        await first.GrainFactory.GetGrain<IDurableCounterGrain>(key).AddWithEvents(1, stream, 1, "counter.added");
        var stale = second.GrainFactory.GetGrain<IDurableCounterGrain>(key);
        Assert.Equal(1, await stale.Get());
        await first.GrainFactory.GetGrain<IDurableCounterGrain>(key).AddWithEvents(1, stream, 1, "counter.added");

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.AddWithEvents(100, stream, 3, "counter.added"));

        var events = await Reader(first).ReadStreamAsync("counter", stream, 0, 100, CancellationToken.None);
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(2, await Eventually.Within(stale.Get()));
    }

    [Fact]
    public async Task FailureBetweenStateAndEventsStoresNeitherAndSparesTheOtherWrites()
    {
        await using var silo = await StartSiloAsync();
        await InstallPoisonEventTriggerAsync();
        var stream = Probe.NewKey();
        var poisoned = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
        var healthy = Enumerable.Range(0, 50).Select(_ => silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey())).ToArray();
        await poisoned.Add(1);

        // The database fails the statement after the state row was written and before the event row is: the
        // write must vanish entirely, while writes that shared its transaction still commit.
        var poisonedWrite = poisoned.AddWithEvents(10, stream, 1, "poison");
        var healthyWrites = healthy.Select(g => g.AddWithEvents(1, stream, 1, "counter.added")).ToArray();
        var failure = await Assert.ThrowsAsync<StorageException>(() => poisonedWrite);
        Assert.Contains("injected failure", failure.Message, StringComparison.Ordinal);
        await Task.WhenAll(healthyWrites);

        Assert.Equal(1, await Eventually.Within(poisoned.Get()));
        var events = await Reader(silo).ReadStreamAsync("counter", stream, 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, healthy.Length).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.DoesNotContain(events, e => e.EventType == "poison");
    }

    [Fact]
    public async Task ConcurrentAppendsToOneStreamGetUniqueGaplessSequences()
    {
        await using var silo = await StartSiloAsync();
        var stream = Probe.NewKey();
        var grains = Enumerable.Range(0, 100).Select(_ => silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey())).ToArray();

        await Task.WhenAll(grains.Select(async g =>
        {
            for (var i = 0; i < 3; i++)
            {
                await g.AddWithEvents(1, stream, 2, "counter.added");
            }
        }));

        var events = await Reader(silo).ReadStreamAsync("counter", stream, 0, 10_000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), events.Select(e => e.Sequence));

        // Each grain's own events appear in the order it wrote them.
        foreach (var group in events.GroupBy(e => OutboxEventPayload(e).Counter))
        {
            var totals = group.Select(e => OutboxEventPayload(e).Total).ToList();
            Assert.Equal(totals.OrderBy(t => t), totals);
        }
    }

    [Fact]
    public async Task PartitionReadsReturnEventsInInsertionOrder()
    {
        await using var silo = await StartSiloAsync();
        var reader = Reader(silo);
        var streams = Enumerable.Range(0, 20).Select(_ => Probe.NewKey()).ToArray();
        var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
        foreach (var stream in streams)
        {
            await grain.AddWithEvents(1, stream, 1, "counter.added");
        }

        var all = new List<StoredEvent>();
        for (var partition = 0; partition < reader.PartitionCount; partition++)
        {
            var events = await reader.ReadPartitionAsync(partition, 0, 1000, CancellationToken.None);
            Assert.Equal(events.OrderBy(e => e.Id).Select(e => e.Id), events.Select(e => e.Id));
            Assert.All(events, e => Assert.Equal(partition, e.Partition));
            all.AddRange(events);

            if (events.Count > 1)
            {
                var rest = await reader.ReadPartitionAsync(partition, events[0].Id, 1000, CancellationToken.None);
                Assert.Equal(events.Skip(1).Select(e => e.Id), rest.Select(e => e.Id));
            }
        }

        Assert.Equal(streams.OrderBy(s => s), all.Select(e => e.StreamKey).OrderBy(s => s));
    }

    private static IOutboxEventReader Reader(StorageSilo silo) =>
        silo.Host.Services.GetRequiredKeyedService<IOutboxEventReader>(GrainStorageNames.Default);

    private static CounterAdded OutboxEventPayload(StoredEvent stored) =>
        PayloadSerializer.Deserialize<CounterAdded>(stored.Payload);
}
