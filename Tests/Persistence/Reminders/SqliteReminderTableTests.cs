using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>The reminder table's statements on a real SQLite file, with the backend's SQLite scripts (Orleans has no SQLite dialect of its own).</summary>
[Collection(SiloTestsCollection.Name)]
public sealed class SqliteReminderTableTests(SqliteSiloFixture fixture) : ReminderTableContract, IClassFixture<SqliteSiloFixture>
{
    protected override IServiceProvider SiloServices => fixture.Silo.Services();
}
