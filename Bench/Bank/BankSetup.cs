using System.Text.Json;
using OrleansBackend.Bench.Load;

namespace OrleansBackend.Bench.Bank;

/// <summary>
/// Creates the bank before the faults start: users with several accounts each, every account funded by one
/// deposit; and reads it all back at the end (balances and full ledgers), retrying while the cluster settles.
/// </summary>
public static class BankSetup
{
    public const long Funding = 1_000_000;

    public static async Task<(BankUser[] Users, long Deposited)> CreateAsync(ApiClient client, int userCount, int accountsPerUser, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var users = new BankUser[userCount];
        await Parallel.ForAsync(0, userCount, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var email = $"bank-{run}-{i}@example.com";
            await RetryAsync(async () => (await client.RegisterAsync(email, UserPool.Password, token)).Status is 201 or 409, token);
            var session = string.Empty;
            await RetryAsync(async () => (session = await client.LoginAsync(email, UserPool.Password, token)).Length > 0, token);
            var accounts = new string[accountsPerUser];
            for (var a = 0; a < accountsPerUser; a++)
            {
                await RetryAsync(async () => (accounts[a] = await client.OpenAccountAsync(session, UserPool.Currency, token)).Length > 0, token);
                var account = accounts[a];
                await RetryAsync(async () => (await client.DepositAsync(session, account, Funding, "fund-" + account, token)).Status == 201, token);
            }

            users[i] = new BankUser(session, accounts);
        });
        return (users, (long)userCount * accountsPerUser * Funding);
    }

    /// <summary>Every account's balance and its whole ledger (all pages, newest first).</summary>
    public static async Task<List<AuditedAccount>> ReadBackAsync(ApiClient client, BankUser[] users, CancellationToken cancellationToken)
    {
        var owned = users.SelectMany(u => u.Accounts.Select(a => (u.Token, Account: a))).ToArray();
        var accounts = new AuditedAccount[owned.Length];
        await Parallel.ForAsync(0, owned.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var (session, account) = owned[i];
            long balance = 0;
            await RetryAsync(async () =>
            {
                var answer = await client.GetAccountAsync(session, account, token);
                if (answer.Status == 200)
                {
                    balance = answer.GetInt64("balance");
                }

                return answer.Status == 200;
            }, token);
            var entries = new List<LedgerEntry>();
            string? before = null;
            do
            {
                ApiAnswer page = default;
                await RetryAsync(async () => (page = await client.TransactionsAsync(session, account, before, token)).Status == 200, token);
                using var document = JsonDocument.Parse(page.Body);
                foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
                {
                    entries.Add(new LedgerEntry(
                        item.GetProperty("entryId").GetString()!,
                        item.GetProperty("kind").GetString()!,
                        item.GetProperty("amount").GetInt64(),
                        item.TryGetProperty("transferId", out var id) ? id.GetString() : null));
                }

                before = document.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            }
            while (before is not null);
            accounts[i] = new AuditedAccount(account, balance, entries);
        });
        return [.. accounts];
    }

    private static async Task RetryAsync(Func<Task<bool>> attempt, CancellationToken cancellationToken)
    {
        Exception? last = null;
        for (var i = 0; i < 60; i++)
        {
            try
            {
                if (await attempt())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new InvalidOperationException("the bank could not be set up or read back within 30 s of retries", last);
    }
}
