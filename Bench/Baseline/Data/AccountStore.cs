using Npgsql;

namespace OrleansBackend.Baseline.Data;

/// <summary>Opening and reading accounts, and the ledger pages: single statements on pooled, prepared connections.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    public async Task<AccountBody> OpenAsync(string ownerId, string currency, CancellationToken cancellationToken)
    {
        var account = new AccountBody("acc_" + Ids.New(), ownerId, currency, 0, 0, DateTimeOffset.UtcNow);
        await using var command = dataSource.CreateCommand("INSERT INTO accounts (id, owner_id, currency, balance, version, created_at) VALUES ($1, $2, $3, 0, 0, $4)");
        command.Parameters.Add(new() { Value = account.Id });
        command.Parameters.Add(new() { Value = ownerId });
        command.Parameters.Add(new() { Value = currency });
        command.Parameters.Add(new() { Value = account.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return account;
    }

    /// <summary>The account when it exists and belongs to <paramref name="ownerId"/>, else null.</summary>
    public async Task<AccountBody?> GetAsync(string ownerId, string accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT owner_id, currency, balance, version, created_at FROM accounts WHERE id = $1");
        command.Parameters.Add(new() { Value = accountId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetString(0) != ownerId)
        {
            return null;
        }

        return new AccountBody(accountId, ownerId, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>Newest first, before the entry <paramref name="before"/> (the ledger position the cursor carries).</summary>
    public async Task<EntryPage> EntriesAsync(string accountId, long before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT seq, entry_id, kind, amount, balance_after, created_at, transfer_id, reference FROM entries WHERE account_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3");
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = before });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<EntryBody>();
        long last = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            items.Add(new EntryBody(
                reader.GetString(1),
                accountId,
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return new EntryPage(items, items.Count == limit ? last.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
