using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// What every ADO.NET dialect must do, run against a real database (PostgreSQL from scripts/test.sh, SQLite files).
/// Each test has a service id (and on PostgreSQL a schema) of its own.
/// </summary>
public abstract partial class StorageProviderTests : IAsyncLifetime
{
    protected string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N")[..12];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Registers the dialect's grain storage as the default storage.</summary>
    protected abstract void AddStorage(ISiloBuilder silo);

    /// <summary>Makes the database reject (with an error) every event whose type is "poison".</summary>
    protected abstract Task InstallPoisonEventTriggerAsync();

    protected Task<StorageSilo> StartSiloAsync() => StorageSilo.StartAsync(ServiceId, AddStorage);

    [Fact]
    public async Task WriteReadAndClear()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
        Assert.False(await grain.Exists());
        Assert.Null(await grain.Etag());

        Assert.Equal(5, await grain.Add(5));
        Assert.Equal(12, await grain.Add(7));
        var etag = await grain.Etag();
        await DeactivateAsync(silo, grain);

        Assert.Equal(12, await grain.Get());
        Assert.Equal(etag, await grain.Etag());
        Assert.True(await grain.Exists());

        await grain.Clear();
        Assert.False(await grain.Exists());
        await DeactivateAsync(silo, grain);
        Assert.False(await grain.Exists());
        Assert.Equal(0, await grain.Get());
        Assert.Equal(3, await grain.Add(3));
    }

    [Fact]
    public async Task StaleActivationOnAnotherSiloGetsInconsistentStateAndRetires()
    {
        // Two silos on one database, each with an activation of the same grain (as during a membership change).
        await using var first = await StartSiloAsync();
        await using var second = await StartSiloAsync();
        var key = Probe.NewKey();
        var onFirst = first.GrainFactory.GetGrain<IDurableCounterGrain>(key);
        var onSecond = second.GrainFactory.GetGrain<IDurableCounterGrain>(key);
        await onFirst.Add(1);
        Assert.Equal(1, await onSecond.Get());

        Assert.Equal(11, await onFirst.Add(10));
        await Assert.ThrowsAsync<InconsistentStateException>(() => onSecond.Add(100));

        // The stale copy was retired: the next call reloads and builds on the newer state.
        await Eventually.True(async () => await onSecond.Get() == 11, "the second silo reloads the newer state");
        Assert.Equal(111, await onSecond.Add(100));
        await Assert.ThrowsAsync<InconsistentStateException>(() => onFirst.Add(1));
    }

    [Fact]
    public async Task ClearKeepsATombstoneSoStaleWritersStillConflict()
    {
        await using var silo = await StartSiloAsync();
        var storage = silo.Storage;
        var grainId = new GrainId("durablecounter", Probe.NewKey());
        var writer = new TestState<DurableCounter>(new DurableCounter { Value = 1 });
        await storage.WriteStateAsync("counter", grainId, writer, CancellationToken.None);
        var stale = new TestState<DurableCounter>(new DurableCounter());
        await storage.ReadStateAsync("counter", grainId, stale, CancellationToken.None);

        await storage.ClearStateAsync("counter", grainId, writer, CancellationToken.None);
        stale.State.Value = 99;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, stale, CancellationToken.None));
        Assert.Equal(writer.ETag, conflict.StoredEtag);

        // A writer that never saw the record cannot insert over the tombstone either.
        var blind = new TestState<DurableCounter>(new DurableCounter { Value = 5 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, blind, CancellationToken.None));

        var fresh = new TestState<DurableCounter>(new DurableCounter());
        await storage.ReadStateAsync("counter", grainId, fresh, CancellationToken.None);
        Assert.False(fresh.RecordExists);
        Assert.Equal(writer.ETag, fresh.ETag);
        fresh.State.Value = 7;
        await storage.WriteStateAsync("counter", grainId, fresh, CancellationToken.None);
    }

    [Fact]
    public async Task StateSurvivesASiloRestart()
    {
        var key = Probe.NewKey();
        string? etag;
        await using (var silo = await StartSiloAsync())
        {
            var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(key);
            await grain.Add(40);
            await grain.Add(2);
            etag = await grain.Etag();
        }

        await using (var restarted = await StartSiloAsync())
        {
            var grain = restarted.GrainFactory.GetGrain<IDurableCounterGrain>(key);
            Assert.Equal(42, await grain.Get());
            Assert.Equal(etag, await grain.Etag());
            Assert.Equal(43, await grain.Add(1));
        }
    }

    [Fact]
    public async Task ConcurrentWritersEachGetTheirOwnAnswer()
    {
        await using var silo = await StartSiloAsync();
        const int Grains = 300;
        const int WritesPerGrain = 10;
        var grains = Enumerable.Range(0, Grains).Select(_ => silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey())).ToArray();

        await Task.WhenAll(grains.Select(async grain =>
        {
            for (var i = 1; i <= WritesPerGrain; i++)
            {
                Assert.Equal(i, await grain.Add(1));
            }
        }));

        // Half of a burst of direct writes carry a stale etag: exactly those fail, the rest commit in the same batches.
        var storage = silo.Storage;
        var results = await Task.WhenAll(grains.Select(async (grain, index) =>
        {
            var state = new TestState<DurableCounter>(new DurableCounter());
            await storage.ReadStateAsync("counter", grain.GetGrainId(), state, CancellationToken.None);
            if (index % 2 == 1)
            {
                state.ETag = "1";
            }

            state.State.Value += 1000;
            try
            {
                await storage.WriteStateAsync("counter", grain.GetGrainId(), state, CancellationToken.None);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        for (var i = 0; i < Grains; i++)
        {
            Assert.Equal(i % 2 == 0, results[i]);
            var stored = new TestState<DurableCounter>(new DurableCounter());
            await storage.ReadStateAsync("counter", grains[i].GetGrainId(), stored, CancellationToken.None);
            Assert.Equal(i % 2 == 0 ? 1000 + WritesPerGrain : WritesPerGrain, stored.State.Value);
        }
    }

    protected static async Task DeactivateAsync(StorageSilo silo, IAddressable grain)
    {
        var catalog = silo.GetService<ActivationCatalog>();
        if (catalog.TryGet(grain.GetGrainId(), out var activation))
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test"));
            await Eventually.Within(activation.Deactivated);
        }
    }
}
