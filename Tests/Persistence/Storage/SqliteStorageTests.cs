using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>The SQLite dialect against a file in a temporary directory.</summary>
public sealed class SqliteStorageTests : StorageProviderTests
{
    private readonly SqliteFile _file = new();

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    protected override void AddStorage(ISiloBuilder silo) => silo.AddSqliteGrainStorage(GrainStorageNames.Default, _file.Path);

    protected override Task InstallPoisonEventTriggerAsync()
    {
        _file.Execute("CREATE TRIGGER fail_poison BEFORE INSERT ON stream_events WHEN NEW.event_type = 'poison' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DatabaseFileAndDirectoryAreCreatedAndUseWal()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_file.Path)));
        await using var silo = await StartSiloAsync();
        Assert.True(File.Exists(_file.Path));

        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT count(*) FROM schema_version";
        Assert.Equal(3L, command.ExecuteScalar());
    }

    [Fact]
    public async Task ManyConcurrentWritersNeverSeeDatabaseIsLocked()
    {
        // Two silos (two writers) on one file, each under load: SQLite allows one writer at a time, so they queue.
        await using var first = await StartSiloAsync();
        await using var second = await StartSiloAsync();
        var writes = new List<Task<int>>();
        foreach (var silo in new[] { first, second })
        {
            for (var i = 0; i < 200; i++)
            {
                var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
                writes.Add(grain.Add(1));
                writes.Add(grain.Add(1));
            }
        }

        await Task.WhenAll(writes);
    }
}
