using Orleans.Storage;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The grain storage contract on a real SQLite file, with the backend's SQLite scripts; and the silo puts the storage's
/// writes behind the file's write gate, so a write is answered only after a durable barrier commit has covered it.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class SqliteGrainStorageTests(SqliteSiloFixture fixture) : GrainStorageContract, IClassFixture<SqliteSiloFixture>
{
    protected override IServiceProvider SiloServices => fixture.Silo.Services();

    [Fact]
    public async Task WritesAndClearsAreAnsweredAfterADurableBarrier()
    {
        var grain = NewGrain();
        var state = new TestGrainState<StoredValue> { State = new StoredValue { Text = "durable" } };

        var before = await SyncsAsync();
        await Storage.WriteStateAsync("durability", grain, state);
        var afterWrite = await SyncsAsync();
        Assert.True(afterWrite > before, $"No synchronous=FULL barrier committed between the write and its answer (syncs {before} → {afterWrite}).");

        await Storage.ClearStateAsync("durability", grain, state);
        Assert.True(await SyncsAsync() > afterWrite, "No barrier committed between the clear and its answer.");
    }

    [Fact]
    public void TheDefaultStorageIsTheAdoNetProviderBehindTheWriteGate()
    {
        // Behind the storage circuit breaker every named storage gets (Hosting/Resilience).
        Assert.Equal("SerializedGrainStorage", Assert.IsType<CircuitBreakingGrainStorage>(Storage).Inner.GetType().Name);
    }

    private async Task<long> SyncsAsync() => (long)(await fixture.File.ScalarAsync("SELECT syncs FROM orleansbackend_durability WHERE id = 1"))!;
}
