using OrleansBackend.Hosting;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>
/// One backend silo on a fresh PostgreSQL database whose grain storage <c>Default</c> is the project's group-commit
/// provider (<see cref="BackendSiloSettings.PostgreSqlGroupCommit"/>), shared by a test class.
/// </summary>
public sealed class GroupCommitSiloFixture : PostgresSiloFixture
{
    protected override IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) => BackendSiloSettings.PostgreSqlGroupCommit(connectionString);
}
