using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>Reminders in PostgreSQL, in the same schema as grain state.</summary>
public sealed class PostgresReminderTests : ReminderTests
{
    private readonly PostgresSchema _schema = new();

    public override async Task DisposeAsync() => await _schema.DisposeAsync();

    protected override void AddStores(ISiloBuilder silo)
    {
        silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
        {
            options.ConnectionString = _schema.ConnectionString;
            options.Schema = _schema.Name;
        });
        silo.AddPostgresReminderTable(options =>
        {
            options.ConnectionString = _schema.ConnectionString;
            options.Schema = _schema.Name;
        });
    }
}
