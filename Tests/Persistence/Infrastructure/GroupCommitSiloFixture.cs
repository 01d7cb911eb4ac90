using OrleansBackend.Hosting;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>
/// One backend silo on a fresh PostgreSQL database whose grain storage <c>Default</c> is the project's group-commit
/// provider (<see cref="BackendSiloSettings.PostgreSqlGroupCommit"/>), shared by a test class.
/// </summary>
public sealed class GroupCommitSiloFixture : PostgresSiloFixture
{
    // The provider's contract, not the circuit breaker's: a batch test queues hundreds of writes at once, which on a
    // loaded machine can take longer than the breaker's 8 s timeout (Tests/Persistence/Storage/CircuitBreakingGrainStorageTests covers it).
    protected override IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) =>
        new Dictionary<string, string?>(BackendSiloSettings.PostgreSqlGroupCommit(connectionString))
        {
            ["Storage:Resilience:Timeout"] = "00:02:00",
        };
}
