using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Serialization;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence;

/// <summary>The in-memory storage keeps the outbox with the same guarantees as a database (for grain tests).</summary>
public sealed class MemoryOutboxTests
{
    [Fact]
    public async Task StateAndEventsAreStoredTogetherOrNotAtAll()
    {
        var storage = new MemoryGrainStorage(eventPartitionCount: 4);
        IOutboxEventReader reader = storage;
        var grainId = new GrainId("durablecounter", Probe.NewKey());
        var state = new TestState<DurableCounter>(new DurableCounter { Value = 1 });
        var events = new[] { OutboxEvent.Create("counter", "s1", new CounterAdded("c", 1, 1)), OutboxEvent.Create("counter", "s1", new CounterAdded("c", 1, 2)) };

        await storage.WriteStateAsync("counter", grainId, state, events, CancellationToken.None);

        var stale = new TestState<DurableCounter>(new DurableCounter { Value = 9 }) { ETag = "7" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, stale, events, CancellationToken.None));

        var stored = await reader.ReadStreamAsync("counter", "s1", 0, 10, CancellationToken.None);
        Assert.Equal([1L, 2L], stored.Select(e => e.Sequence));
        Assert.Equal(2, PayloadSerializer.Deserialize<CounterAdded>(stored[1].Payload).Total);
        Assert.Equal(typeof(CounterAdded).FullName, stored[0].EventType);
        var partition = StreamPartitioner.GetPartition("counter", "s1", 4);
        Assert.Equal(stored.Select(e => e.Id), (await reader.ReadPartitionAsync(partition, 0, 10, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal(2, storage.EventCount);
    }

    [Fact]
    public async Task GrainsCommitEventsThroughTheTestCluster()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var grain = cluster.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
        var stream = Probe.NewKey();

        Assert.Equal(3, await grain.AddWithEvents(3, stream, 2, "counter.added"));

        var events = await ((IOutboxEventReader)cluster.Storage).ReadStreamAsync("counter", stream, 0, 10, CancellationToken.None);
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(3, await Eventually.Within(grain.Get()));
    }

    [Fact]
    public async Task StorageWithoutAnOutboxRefusesEventsClearly()
    {
        await using var cluster = new TestClusterBuilder(1)
            .ConfigureSilo(silo => silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new StateOnlyStorage()))
            .Build();
        await cluster.DeployAsync();
        var grain = cluster.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => grain.AddWithEvents(1, "s", 1, "counter.added"));
        Assert.Contains(nameof(StateOnlyStorage), error.Message, StringComparison.Ordinal);
    }

    /// <summary>A storage that can only store state.</summary>
    private sealed class StateOnlyStorage : IGrainStorage
    {
        private readonly MemoryGrainStorage _inner = new();

        public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            _inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

        public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            _inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

        public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            _inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
    }
}
