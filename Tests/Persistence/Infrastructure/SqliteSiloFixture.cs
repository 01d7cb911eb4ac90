using Orleans.TestingHost;
using OrleansBackend.Hosting;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>One backend silo on a SQLite file of its own (<see cref="BackendSiloSettings.Sqlite"/>), shared by a test class.</summary>
public sealed class SqliteSiloFixture : IAsyncLifetime
{
    private InProcessTestCluster? _silo;

    /// <summary>The silo's database file.</summary>
    public TempSqliteFile File { get; } = new();

    /// <summary>The running silo.</summary>
    public InProcessTestCluster Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await BackendTestSilo.StartAsync(BackendSiloSettings.Sqlite(File.FilePath));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        File.Dispose();
    }
}
