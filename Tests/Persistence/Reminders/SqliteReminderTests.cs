using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>Reminders in the SQLite file that also holds grain state (the embedded default).</summary>
public sealed class SqliteReminderTests : ReminderTests
{
    private readonly SqliteFile _file = new();

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    protected override void AddStores(ISiloBuilder silo)
    {
        silo.AddSqliteGrainStorage(GrainStorageNames.Default, _file.Path);
        silo.AddSqliteReminderTable(_file.Path);
    }
}
