using System.Text.Json;
using Npgsql;

namespace OrleansBackend.Baseline.Data;

/// <summary>
/// Deposits and transfers the conventional way, each in one PostgreSQL transaction of two round trips (statements
/// batched; BEGIN rides on the first, COMMIT on the second): the Idempotency-Key row is inserted first (a concurrent
/// request with the same key waits on its unique index and then replays the committed answer), the account rows are
/// locked with SELECT … FOR UPDATE (both sides of a transfer in id order, so two opposite transfers cannot
/// deadlock), and the effect, the ledger entries and the remembered answer are written and committed together.
/// </summary>
public sealed class MoneyStore(NpgsqlDataSource dataSource)
{
    private const string ClaimKey = "INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING RETURNING true";
    private const string Remember = "UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2";

    /// <summary>The answer, or null for an unknown account or one the caller does not own (404, not remembered).</summary>
    public async Task<StoredAnswer?> DepositAsync(string userId, string accountId, long amount, string? reference, string key, CancellationToken cancellationToken)
    {
        var fingerprint = $"deposit|{accountId}|{amount}|{reference}";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            bool claimed;
            string? owner = null;
            long balance = 0;
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                batch.BatchCommands.Add(Command(ClaimKey, userId, key, fingerprint));
                batch.BatchCommands.Add(Command("SELECT owner_id, balance FROM accounts WHERE id = $1 FOR UPDATE", accountId));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                claimed = await reader.ReadAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    owner = reader.GetString(0);
                    balance = reader.GetInt64(1);
                }
            }

            if (!claimed)
            {
                await ExecuteAsync(connection, cancellationToken, Command("ROLLBACK"));
                return await ReplayAsync(connection, userId, key, fingerprint, cancellationToken);
            }

            if (owner != userId)
            {
                await ExecuteAsync(connection, cancellationToken, Command("ROLLBACK"));
                return null;
            }

            if (balance > long.MaxValue - amount)
            {
                return await RememberRefusalAsync(connection, userId, key, 422, "limit_exceeded", "The balance would exceed its limit.", cancellationToken);
            }

            var now = DateTimeOffset.UtcNow;
            var entry = new EntryBody("ent_" + Ids.New(), accountId, "deposit", amount, balance + amount, now, null, reference);
            var body = JsonSerializer.Serialize(entry, BaselineJsonContext.Default.EntryBody);
            await ExecuteAsync(
                connection,
                cancellationToken,
                Command("UPDATE accounts SET balance = $2, version = version + 1 WHERE id = $1", accountId, entry.BalanceAfter),
                InsertEntry(entry),
                Command(Remember, userId, key, 201, body),
                Command("COMMIT"));
            return new StoredAnswer(201, body, false);
        }
        catch
        {
            await RollBackQuietlyAsync(connection);
            throw;
        }
    }

    /// <summary>The answer, or null when the source is not the caller's or the destination is unknown (404).</summary>
    public async Task<StoredAnswer?> TransferAsync(string userId, string from, string to, long amount, string? reference, string key, CancellationToken cancellationToken)
    {
        var fingerprint = $"transfer|{from}|{to}|{amount}|{reference}";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            bool claimed;
            var rows = new Dictionary<string, (string Owner, string Currency, long Balance)>(2);
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                batch.BatchCommands.Add(Command(ClaimKey, userId, key, fingerprint));
                batch.BatchCommands.Add(Command("SELECT id, owner_id, currency, balance FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE", (object)new[] { from, to }));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                claimed = await reader.ReadAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                }
            }

            if (!claimed)
            {
                await ExecuteAsync(connection, cancellationToken, Command("ROLLBACK"));
                return await ReplayAsync(connection, userId, key, fingerprint, cancellationToken);
            }

            if (!rows.TryGetValue(from, out var source) || source.Owner != userId || !rows.TryGetValue(to, out var destination))
            {
                await ExecuteAsync(connection, cancellationToken, Command("ROLLBACK"));
                return null;
            }

            if (source.Currency != destination.Currency)
            {
                return await RememberRefusalAsync(connection, userId, key, 422, "currency_mismatch", "The accounts hold different currencies.", cancellationToken);
            }

            if (source.Balance < amount)
            {
                return await RememberRefusalAsync(connection, userId, key, 422, "insufficient_funds", "The source account's balance is too low.", cancellationToken);
            }

            if (destination.Balance > long.MaxValue - amount)
            {
                return await RememberRefusalAsync(connection, userId, key, 422, "limit_exceeded", "The destination's balance would exceed its limit.", cancellationToken);
            }

            var now = DateTimeOffset.UtcNow;
            var transfer = new TransferBody("trf_" + Ids.New(), from, to, amount, source.Currency, "completed", now, now, reference);
            var body = JsonSerializer.Serialize(transfer, BaselineJsonContext.Default.TransferBody);
            await ExecuteAsync(
                connection,
                cancellationToken,
                Command("UPDATE accounts SET balance = balance - $2, version = version + 1 WHERE id = $1", from, amount),
                Command("UPDATE accounts SET balance = balance + $2, version = version + 1 WHERE id = $1", to, amount),
                Command("INSERT INTO transfers (id, from_account, to_account, amount, currency, created_at, reference) VALUES ($1, $2, $3, $4, $5, $6, $7)", transfer.Id, from, to, amount, transfer.Currency, now, (object?)reference ?? DBNull.Value),
                InsertEntry(new EntryBody("ent_" + Ids.New(), from, "transfer_out", amount, source.Balance - amount, now, transfer.Id, reference)),
                InsertEntry(new EntryBody("ent_" + Ids.New(), to, "transfer_in", amount, destination.Balance + amount, now, transfer.Id, reference)),
                Command(Remember, userId, key, 201, body),
                Command("COMMIT"));
            return new StoredAnswer(201, body, false);
        }
        catch
        {
            await RollBackQuietlyAsync(connection);
            throw;
        }
    }

    private static async Task<StoredAnswer> ReplayAsync(NpgsqlConnection connection, string userId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT fingerprint, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2", connection);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // The request that held the key rolled back (it had no effect): the client may simply retry.
            return Problem(409, "idempotency_key_in_use", "A request with this key was in flight; retry.");
        }

        if (reader.GetString(0) != fingerprint)
        {
            return Problem(422, "idempotency_key_reused", "This Idempotency-Key was used with another request.");
        }

        return new StoredAnswer(reader.GetInt32(1), reader.GetString(2), true);
    }

    private static async Task<StoredAnswer> RememberRefusalAsync(NpgsqlConnection connection, string userId, string key, int status, string code, string detail, CancellationToken cancellationToken)
    {
        var answer = Problem(status, code, detail);
        await ExecuteAsync(connection, cancellationToken, Command(Remember, userId, key, status, answer.Body), Command("COMMIT"));
        return answer;
    }

    private static StoredAnswer Problem(int status, string code, string detail) => new(
        status,
        JsonSerializer.Serialize(new ProblemBody("https://errors.orleansbackend.dev/" + code.Replace('_', '-'), code.Replace('_', ' '), status, detail, code), BaselineJsonContext.Default.ProblemBody),
        false);

    private static NpgsqlBatchCommand InsertEntry(EntryBody e) => Command(
        "INSERT INTO entries (entry_id, account_id, kind, amount, balance_after, created_at, transfer_id, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        e.EntryId, e.AccountId, e.Kind, e.Amount, e.BalanceAfter, e.CreatedAt, (object?)e.TransferId ?? DBNull.Value, (object?)e.Reference ?? DBNull.Value);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken, params NpgsqlBatchCommand[] commands)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand("ROLLBACK", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the pool drops it and the server rolls the transaction back.
        }
    }
}
