using Npgsql;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>A database of its own on the test PostgreSQL, dropped on dispose, so tests that share the server share no rows.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        // The test server trusts loopback and never asks for the password; it is there to prove it is never logged.
        Password = $"pg-password-{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = name, MaxPoolSize = 16, Password = Password }.ConnectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The password in <see cref="ConnectionString"/>.</summary>
    public string Password { get; }

    /// <summary>An Npgsql connection string to the database (pool sized as the shipped Silo configuration sizes it).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"orleansbackend_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(name);
    }

    /// <summary>Refuses new connections and ends the open ones: to its clients the database stops answering.</summary>
    public Task BlockAsync() => ExecuteOnServerAsync(
        $"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");

    /// <summary>Accepts connections again.</summary>
    public Task UnblockAsync() => ExecuteOnServerAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS true");

    /// <summary>Runs one SQL statement in the database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        // FORCE: connections of hosts that did not close theirs (a killed silo's) do not keep the database alive.
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
