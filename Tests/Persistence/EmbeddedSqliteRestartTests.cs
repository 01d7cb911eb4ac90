using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;
using OrleansBackend.Tests.Runtime.TestGrains;

namespace OrleansBackend.Tests.Persistence;

/// <summary>
/// The embedded default's wiring: grain state and reminders in one SQLite file in a data directory that does not
/// exist yet. A silo stopped and started again on that directory finds its state.
/// </summary>
public sealed class EmbeddedSqliteRestartTests : IDisposable
{
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task SiloUsingSqliteInADirectoryFindsItsStateAfterARestart()
    {
        var key = Probe.NewKey();
        var stream = Probe.NewKey();
        await using (var silo = await StartAsync())
        {
            var grain = silo.GrainFactory.GetGrain<IDurableCounterGrain>(key);
            await grain.Add(20);
            await grain.AddWithEvents(22, stream, 1, "counter.added");
        }

        await using (var restarted = await StartAsync())
        {
            var grain = restarted.GrainFactory.GetGrain<IDurableCounterGrain>(key);
            Assert.Equal(42, await grain.Get());
            Assert.True(await grain.Exists());
            var events = await ((IOutboxEventReader)restarted.Storage).ReadStreamAsync("counter", stream, 0, 10, CancellationToken.None);
            Assert.Single(events);
        }
    }

    private Task<StorageSilo> StartAsync() =>
        StorageSilo.StartAsync("backend", silo =>
        {
            silo.AddSqliteGrainStorage(GrainStorageNames.Default, _file.Path);
            silo.AddSqliteReminderTable(_file.Path);
        });
}
