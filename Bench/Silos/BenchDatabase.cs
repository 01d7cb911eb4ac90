using Npgsql;
using OrleansBackend.Hosting.Database;

namespace OrleansBackend.Bench.Silos;

/// <summary>
/// A database of its own for one benchmark run, so runs never read each other's rows: on PostgreSQL a new database
/// on the given server (dropped at the end), on SQLite a new file in a temporary folder (deleted at the end). The
/// schema is not made here: the silo applies the project's migrations when it starts, as in production.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;
    private readonly string? _databaseName;
    private readonly string? _folder;

    private BenchDatabase(DatabaseEngine engine, string connectionString, string? adminConnection, string? databaseName, string? folder)
    {
        Engine = engine;
        ConnectionString = connectionString;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
        _folder = folder;
    }

    /// <summary>PostgreSQL or SQLite.</summary>
    public DatabaseEngine Engine { get; }

    /// <summary>The ADO.NET invariant the Orleans providers know the engine by.</summary>
    public string Invariant => Engine == DatabaseEngine.PostgreSql ? AdoNetInvariants.PostgreSql : AdoNetInvariants.Sqlite;

    /// <summary>The connection string of the run's database.</summary>
    public string ConnectionString { get; }

    /// <summary>A new database on the PostgreSQL server <paramref name="serverConnection"/> names (its pool size kept or set).</summary>
    public static async Task<BenchDatabase> CreatePostgresAsync(string serverConnection, int? poolSize, string purpose, CancellationToken cancellationToken)
    {
        var name = $"bench_{purpose}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(serverConnection))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnection) { Database = name };
        if (poolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        return new BenchDatabase(DatabaseEngine.PostgreSql, builder.ConnectionString, serverConnection, name, null);
    }

    /// <summary>A new SQLite file in a temporary folder.</summary>
    public static BenchDatabase CreateSqlite(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"orleansbackend-bench-{purpose}.{Guid.NewGuid():N}"[..60]);
        Directory.CreateDirectory(folder);
        return new BenchDatabase(DatabaseEngine.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}", null, null, folder);
    }

    /// <summary>A SQLite file the caller names (a path or a connection string); kept at the end.</summary>
    public static BenchDatabase OpenSqlite(string fileOrConnectionString) => new(
        DatabaseEngine.Sqlite,
        fileOrConnectionString.Contains('=') ? fileOrConnectionString : $"Data Source={fileOrConnectionString}",
        null,
        null,
        null);

    /// <summary>Drops the database or deletes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null && _databaseName is not null)
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(_adminConnection);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException exception)
            {
                Console.Error.WriteLine($"could not drop database {_databaseName}: {exception.Message}");
            }
        }

        if (_folder is not null)
        {
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open; it is in the temporary folder.
            }
        }
    }
}
