using Npgsql;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>The PostgreSQL dialect against the server scripts/test.sh starts (fails, never skips, without it).</summary>
public sealed class PostgresStorageTests : StorageProviderTests
{
    private readonly PostgresSchema _schema = new();

    public override async Task DisposeAsync() => await _schema.DisposeAsync();

    protected override void AddStorage(ISiloBuilder silo) =>
        silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
        {
            options.ConnectionString = _schema.ConnectionString;
            options.Schema = _schema.Name;
        });

    protected override Task InstallPoisonEventTriggerAsync() => _schema.ExecuteAsync("""
        CREATE FUNCTION fail_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.event_type = 'poison' THEN RAISE EXCEPTION 'injected failure'; END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER fail_poison BEFORE INSERT ON stream_events FOR EACH ROW EXECUTE FUNCTION fail_poison();
        """);

    [Fact]
    public async Task MigrationsRunOnceWhenSilosStartTogether()
    {
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartSiloAsync()));
        try
        {
            Assert.Equal(4L, await _schema.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
            Assert.Equal(4, await _schema.ScalarAsync<int>("SELECT max(version) FROM schema_version"));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }

        // A later start finds the schema current and changes nothing.
        await using var again = await StartSiloAsync();
        Assert.Equal(4L, await _schema.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task PartitionReadHoldsBackBehindATransactionStillInFlight()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey());
        await grain.Add(1);
        var reader = (IOutboxEventReader)silo.Storage;
        const int Partition = 0;

        // An open transaction takes an event id first; a later one commits a larger id in the same partition.
        await using var slow = await _schema.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await InsertEventAsync(slow, transaction, "slow", Partition);
        await using (var fast = await _schema.OpenAsync())
        {
            await InsertEventAsync(fast, null, "fast", Partition);
        }

        Assert.Empty(await reader.ReadPartitionAsync(Partition, 0, 100, CancellationToken.None));

        await transaction.CommitAsync();
        var events = await ReadWhenVisibleAsync(reader, Partition, 0, expected: 2);
        Assert.Equal(["slow", "fast"], events.Select(e => e.StreamKey));
    }

    [Fact]
    public async Task PartitionReadNeverStepsPastAnEventThatCommitsAfterALargerId()
    {
        await using var silo = await StartSiloAsync();
        await silo.GrainFactory.GetGrain<IDurableCounterGrain>(Probe.NewKey()).Add(1);
        var reader = (IOutboxEventReader)silo.Storage;
        const int Partition = 1;

        // "early" takes its transaction id first (as an outbox write does when it updates grain state), "late" then
        // inserts an event and stays open, and "early" inserts its event (a larger id) and commits.
        await using var early = await _schema.OpenAsync();
        await using var earlyTransaction = await early.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", early, earlyTransaction))
        {
            await xid.ExecuteScalarAsync();
        }

        await using var late = await _schema.OpenAsync();
        await using var lateTransaction = await late.BeginTransactionAsync();
        await InsertEventAsync(late, lateTransaction, "late", Partition);
        await InsertEventAsync(early, earlyTransaction, "early", Partition);
        await earlyTransaction.CommitAsync();

        var first = await ReadWhenVisibleAsync(reader, Partition, 0, expected: 1);
        Assert.Equal(["early"], first.Select(e => e.StreamKey));

        // "late" commits a smaller id than the one the reader moved to: reading on from there must still find it.
        await lateTransaction.CommitAsync();
        var next = await ReadWhenVisibleAsync(reader, Partition, first[^1].Id, expected: 1);
        Assert.Equal(["late"], next.Select(e => e.StreamKey));
        Assert.Empty(await reader.ReadPartitionAsync(Partition, next[^1].Id, 100, CancellationToken.None));
    }

    [Fact]
    public async Task WrongConnectionStringStopsTheSiloWithAStorageException()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Port = 1, Timeout = 1 };
        var error = await Assert.ThrowsAsync<StorageException>(() => StorageSilo.StartAsync(
            ServiceId,
            silo => silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
            {
                options.ConnectionString = builder.ConnectionString;
                options.RetryDelay = TimeSpan.FromMilliseconds(10);
            })));
        Assert.Contains("PostgreSQL 127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a partition once its committed events show. Another test's transaction that started earlier (the server is
    /// shared) holds the read back until it ends, which is the point of the hold-back, so wait for it with a deadline.
    /// </summary>
    private static async Task<IReadOnlyList<StoredEvent>> ReadWhenVisibleAsync(IOutboxEventReader reader, int partition, long afterId, int expected)
    {
        IReadOnlyList<StoredEvent> events = [];
        await Eventually.True(
            async () => (events = await reader.ReadPartitionAsync(partition, afterId, 100, CancellationToken.None)).Count >= expected,
            $"committed events of partition {partition} after {afterId} are readable");
        return events;
    }

    private async Task InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamKey, int partition)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO stream_events (service_id, stream_namespace, stream_key, sequence, partition, event_type, payload) VALUES ($1, 'raw', $2, 1, $3, 'raw', '\\x00')",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        await command.ExecuteNonQueryAsync();
    }
}
