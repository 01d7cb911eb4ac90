using Npgsql;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A schema of its own in the test PostgreSQL for one test, dropped afterwards, so tests never see each other's rows or triggers.</summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    public PostgresSchema(string? connectionString = null)
    {
        ConnectionString = connectionString ?? TestServers.Postgres;
        Name = "t_" + Guid.NewGuid().ToString("N")[..16];
    }

    public string ConnectionString { get; }

    public string Name { get; }

    /// <summary>Runs SQL with the schema on the search path.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Name, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server may already be gone (a test that stops its own server); nothing to clean then.
        }
    }
}
