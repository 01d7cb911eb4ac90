using Orleans.TestingHost;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>One backend silo on a fresh database of the test PostgreSQL (<see cref="BackendSiloSettings.PostgreSql"/>), shared by a test class.</summary>
public class PostgresSiloFixture : IAsyncLifetime
{
    private InProcessTestCluster? _silo;
    private TestDatabase? _database;

    /// <summary>The silo's database.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database has not been created.");

    /// <summary>The running silo.</summary>
    public InProcessTestCluster Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _silo = await BackendTestSilo.StartAsync(SettingsFor(_database.ConnectionString));
    }

    /// <summary>The silo's provider settings on the database <paramref name="connectionString"/> names.</summary>
    protected virtual IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) => BackendSiloSettings.PostgreSql(connectionString);

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
