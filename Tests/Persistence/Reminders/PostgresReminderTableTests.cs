using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>The reminder table's statements on a real PostgreSQL database, with the backend's PostgreSQL scripts.</summary>
[Collection(SiloTestsCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresSiloFixture fixture) : ReminderTableContract, IClassFixture<PostgresSiloFixture>
{
    protected override IServiceProvider SiloServices => fixture.Silo.Services();
}
