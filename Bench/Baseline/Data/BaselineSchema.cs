using Npgsql;

namespace OrleansBackend.Baseline.Data;

/// <summary>Creates the baseline's tables in its own schema (idempotent, at start-up).</summary>
public sealed class BaselineSchema(NpgsqlDataSource dataSource, BaselineSettings settings)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var s = settings.Schema;
        var ddl = $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.users (
                id text PRIMARY KEY, email text NOT NULL UNIQUE, display_name text, password_hash text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.accounts (
                id text PRIMARY KEY, owner_id text NOT NULL REFERENCES {s}.users (id), currency text NOT NULL,
                balance bigint NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.entries (
                seq bigserial PRIMARY KEY, entry_id text NOT NULL, account_id text NOT NULL, kind text NOT NULL, amount bigint NOT NULL,
                balance_after bigint NOT NULL, created_at timestamptz NOT NULL, transfer_id text, reference text);
            CREATE INDEX IF NOT EXISTS entries_by_account ON {s}.entries (account_id, seq DESC);
            CREATE TABLE IF NOT EXISTS {s}.transfers (
                id text PRIMARY KEY, from_account text NOT NULL, to_account text NOT NULL, amount bigint NOT NULL, currency text NOT NULL,
                created_at timestamptz NOT NULL, reference text);
            CREATE TABLE IF NOT EXISTS {s}.idempotency_keys (
                user_id text NOT NULL, key text NOT NULL, fingerprint text NOT NULL, status int, response text,
                created_at timestamptz NOT NULL, PRIMARY KEY (user_id, key));
            """;
        await using var command = dataSource.CreateCommand(ddl);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
