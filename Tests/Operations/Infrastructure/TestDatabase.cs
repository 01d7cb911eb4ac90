using Npgsql;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>A PostgreSQL database of its own on the test server, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        // The test server trusts loopback and never asks for the password; it is there to prove it is never logged.
        Password = $"pg-password-{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 16, Password = Password }.ConnectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The password in <see cref="ConnectionString"/>.</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string for it.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh database on <see cref="TestServers.Postgres"/>.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase(TestServers.Postgres, $"ops_{Guid.NewGuid():N}"[..20]);
        await database.ExecuteAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>Refuses new connections and ends the open ones: to its clients the database stops answering.</summary>
    public Task BlockAsync() => ExecuteAsync(
        $"ALTER DATABASE {Name} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");

    /// <summary>Accepts connections again.</summary>
    public Task UnblockAsync() => ExecuteAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true");

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
