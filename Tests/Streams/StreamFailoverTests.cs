using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Streams.Agents;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>
/// The silo that owns stream partitions is killed (no deactivation, nothing recorded) while events flow: the
/// partitions move to the survivors, which deliver from the last recorded checkpoint. No acknowledged event is lost
/// and consumers, which take each effect once by sequence number, apply none twice.
/// </summary>
public abstract class StreamFailoverTests : IAsyncLifetime
{
    private readonly StreamBackend _backend;
    private readonly TestCluster _cluster;

    protected StreamFailoverTests(StreamBackendKind kind)
    {
        _backend = new StreamBackend(kind);
        _cluster = _backend.BuildCluster();
    }

    public Task InitializeAsync() => _backend.DeployAsync(_cluster);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task KillingThePartitionOwnerLosesNoEventAndAppliesNoneTwice()
    {
        // The victim: a silo other than the first that runs agents; streams whose partitions it owns.
        var victim = _cluster.Silos.Skip(1).First(s => Agents(s).OwnedPartitions(StreamTestNames.Provider).Count > 0);
        var owned = Agents(victim).OwnedPartitions(StreamTestNames.Provider).ToHashSet();
        var keys = Enumerable.Range(0, 10_000)
            .Select(i => $"kill-{i}-{Guid.NewGuid():N}")
            .Where(k => owned.Contains(StreamPartitioner.GetPartition(StreamTestNames.Counter, k, StreamPartitioner.DefaultPartitionCount)))
            .Take(6)
            .ToList();
        var acknowledged = keys.ToDictionary(k => k, _ => new List<int>());
        var provider = _cluster.Client.GetStreamProvider(StreamTestNames.Provider);
        using var stop = new CancellationTokenSource();
        var published = 0;

        var publishers = keys.Select(key => Task.Run(async () =>
        {
            var stream = provider.GetStream<TestEvent>(StreamId.Create(StreamTestNames.Counter, key));
            var value = 0;
            while (!stop.IsCancellationRequested || value < 40)
            {
                value++;
                try
                {
                    await stream.OnNextAsync(new TestEvent(value));
                    acknowledged[key].Add(value);
                    Interlocked.Increment(ref published);
                }
                catch (Exception) when (value < 10_000)
                {
                    // The call failed (its gateway or silo died): maybe stored, maybe not. Only acknowledged values count.
                }
            }
        })).ToList();

        await Eventually.True(() => Volatile.Read(ref published) >= 60, "events are flowing");
        await _cluster.KillSiloAsync(victim);
        await _cluster.WaitForLivenessToStabilizeAsync();
        var afterKill = Volatile.Read(ref published);
        await Eventually.True(() => Volatile.Read(ref published) >= afterKill + 60, "events flow after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(publishers);

        var store = _cluster.Primary.Services.GetRequiredKeyedService<global::OrleansBackend.Runtime.Streams.Core.StreamProviderRuntime>(StreamTestNames.Provider).RequireStore();
        foreach (var key in keys)
        {
            var head = await store.ReadStreamHeadAsync(StreamId.Create(StreamTestNames.Counter, key), CancellationToken.None);
            var consumer = _cluster.GrainFactory.GetGrain<IImplicitConsumerGrain>(key);
            await Eventually.True(async () => (await consumer.GetSnapshot()).LastSequence == head, $"{key} received all {head} events", TimeSpan.FromSeconds(60));
            var snapshot = await consumer.GetSnapshot();

            // Every sequence once, in order; every acknowledged value among them, none twice.
            Assert.Equal(Enumerable.Range(1, (int)head).Select(i => (long)i), snapshot.Sequences);
            Assert.Equal(0, snapshot.Gaps);
            Assert.Equal(snapshot.Values.Count, snapshot.Values.Distinct().Count());
            Assert.Empty(acknowledged[key].Except(snapshot.Values));
        }
    }

    private static StreamAgentManager Agents(SiloHandle silo) => silo.Services.GetRequiredService<StreamAgentManager>();
}

[Collection(StreamCollection.Name)]
public sealed class MemoryStreamFailoverTests() : StreamFailoverTests(StreamBackendKind.Memory);

[Collection(StreamCollection.Name)]
public sealed class PostgresStreamFailoverTests() : StreamFailoverTests(StreamBackendKind.Postgres);

[Collection(StreamCollection.Name)]
public sealed class SqliteStreamFailoverTests() : StreamFailoverTests(StreamBackendKind.Sqlite);
