using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>The grain storage contract on a real PostgreSQL database, with the backend's PostgreSQL scripts.</summary>
[Collection(SiloTestsCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresSiloFixture fixture) : GrainStorageContract, IClassFixture<PostgresSiloFixture>
{
    protected override IServiceProvider SiloServices => fixture.Silo.Services();
}
