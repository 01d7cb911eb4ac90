namespace OrleansBackend.Bench.Load;

/// <summary>One signed-in benchmark user and the account it owns.</summary>
public sealed record BenchUser(string Email, string Token, string AccountId);

/// <summary>
/// Registers and signs in a pool of users through the API (api.md), opens one account each and funds it, so the
/// measured mixes find accounts with money. Setup runs a few requests at a time: it is not measured.
/// </summary>
public static class UserPool
{
    public const string Password = "bench-password-0123456789";
    public const string Currency = "EUR";

    public static async Task<BenchUser[]> CreateAsync(ApiClient client, int count, long initialBalance, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var users = new BenchUser[count];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(8, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                users[i] = await CreateOneAsync(client, $"bench-{run}-{i}@example.com", initialBalance, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        return users;
    }

    private static async Task<BenchUser> CreateOneAsync(ApiClient client, string email, long initialBalance, CancellationToken cancellationToken)
    {
        await Retry(async () => (await client.RegisterAsync(email, Password, cancellationToken)).Status is 201 or 409, cancellationToken);
        var token = string.Empty;
        await Retry(async () =>
        {
            token = await client.LoginAsync(email, Password, cancellationToken);
            return true;
        }, cancellationToken);
        var account = string.Empty;
        await Retry(async () =>
        {
            account = await client.OpenAccountAsync(token, Currency, cancellationToken);
            return true;
        }, cancellationToken);
        if (initialBalance > 0)
        {
            var key = "fund-" + account;
            await Retry(async () => (await client.DepositAsync(token, account, initialBalance, key, cancellationToken)).Status == 201, cancellationToken);
        }

        return new BenchUser(email, token, account);
    }

    /// <summary>Setup against a server that is still warming up (or failing over) retries a bounded number of times.</summary>
    private static async Task Retry(Func<Task<bool>> attempt, CancellationToken cancellationToken)
    {
        Exception? last = null;
        for (var i = 0; i < 20; i++)
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

            await Task.Delay(250 * Math.Min(i + 1, 8), cancellationToken);
        }

        throw new InvalidOperationException("benchmark setup failed after 20 attempts", last);
    }
}
