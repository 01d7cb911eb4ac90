using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansBackend.Hosting.Database;

/// <summary>
/// Applies the backend's migration scripts to a database, each once, in version order, and records them in
/// <c>orleansbackend_schema</c>. Safe to run from many silos at once (PostgreSQL: an advisory lock; SQLite: one
/// writer at a time) and again and again (applied versions are skipped).
/// </summary>
public sealed partial class DatabaseMigrator
{
    // Any fixed number: every silo of every deployment that shares the database takes the same lock.
    private const long AdvisoryLockKey = 0x4f42_4d49_4752;

    private const string HistoryTable = "orleansbackend_schema";

    private readonly ILogger _logger;

    /// <summary>Creates a migrator that logs what it applies.</summary>
    public DatabaseMigrator(ILogger<DatabaseMigrator> logger)
    {
        _logger = logger;
    }

    /// <summary>Applies what <paramref name="target"/> lacks; returns the names of the scripts applied now.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        var scripts = MigrationScripts.For(target.Engine);
        var applied = target.Engine == DatabaseEngine.PostgreSql
            ? await MigratePostgresAsync(target.ConnectionString, scripts, cancellationToken)
            : await MigrateSqliteAsync(target.ConnectionString, scripts, cancellationToken);
        foreach (var name in applied)
        {
            LogApplied(target.Describe(), name);
        }

        return applied;
    }

    private static async Task<List<string>> MigratePostgresAsync(string connectionString, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(
                connection,
                null,
                $"CREATE TABLE IF NOT EXISTS {HistoryTable} (version integer PRIMARY KEY, name text NOT NULL, applied_on timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var done = await AppliedVersionsAsync(connection, null, cancellationToken);
            var applied = new List<string>();
            foreach (var script in scripts.Where(s => !done.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await RecordAsync(connection, transaction, script, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                applied.Add(script.Name);
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<List<string>> MigrateSqliteAsync(string connectionString, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        SqliteFiles.EnsureDirectory(connectionString);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // Write-ahead logging lets readers go on while one writer commits; the setting stays with the file. A pooled
        // connection may come with another provider's synchronous setting: schema changes wait for their fsync.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA synchronous=FULL", cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_on INTEGER NOT NULL DEFAULT (unixepoch()))",
            cancellationToken);
        var applied = new List<string>();
        foreach (var script in scripts)
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes cannot both see a version as missing.
            await using var transaction = connection.BeginTransaction(deferred: false);
            if ((await AppliedVersionsAsync(connection, transaction, cancellationToken)).Contains(script.Version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await RecordAsync(connection, transaction, script, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            applied.Add(script.Name);
        }

        return applied;
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version FROM {HistoryTable}";
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static async Task RecordAsync(DbConnection connection, DbTransaction transaction, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {HistoryTable} (version, name) VALUES (@version, @name)";
        AddParameter(command, "version", script.Version);
        AddParameter(command, "name", script.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} to {Database}")]
    private partial void LogApplied(string database, string migration);
}
