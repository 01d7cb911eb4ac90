using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// SIGTERM stops a silo gracefully: <c>scripts/cluster.sh restart-silo</c> on every silo of a 3-silo cluster in turn,
/// while clients deposit and read through the Api, costs them no failed request — the stopping silo deactivates its
/// grains with their state written; the cluster client retries the calls it rejected, and once a safe-to-repeat call
/// whose answer Orleans dropped on its way through a stopping silo — and every acknowledged deposit is in the balance
/// afterwards.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OperatorToken = "rolling-restart-operator-token-0123456789";
    private const int Amount = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ClusterScript _script = new(OperatorToken);

    public async Task InitializeAsync() => await _script.RunAsync(TimeSpan.FromMinutes(5), "up", "--silos", "3", "--apis", "1");

    public async Task DisposeAsync() => await _script.RunAsync(TimeSpan.FromMinutes(2), "down", "--wipe");

    [Fact]
    public async Task RestartingEverySiloInTurnFailsNoRequestAndLosesNoDeposit()
    {
        var status = await _script.StatusAsync();
        var api = new Uri(status.GetProperty("apis")[0].GetProperty("url").GetString()! + "/");
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ApiCalls.RegisterAndLoginAsync(http, $"roll{i}")));
        var accounts = await Task.WhenAll(users.Select(async u => new Account(u, await ApiCalls.OpenAccountAsync(http, u.Token))));

        var failures = new ConcurrentQueue<string>();
        using var stopTraffic = new CancellationTokenSource();
        var traffic = accounts.Select(a => DriveAsync(http, a, failures, stopTraffic.Token)).ToList();

        foreach (var silo in new[] { "silo-0", "silo-1", "silo-2" })
        {
            var before = accounts.Sum(a => a.Requests);
            await _script.RunAsync(TimeSpan.FromMinutes(2), "restart-silo", silo);
            await Eventually.True(
                async () => (await _script.StatusAsync()).GetProperty("silos").EnumerateArray().All(s => s.GetProperty("status").GetString() == "active"),
                $"{silo} is active again beside the others",
                Patience);
            // Requests flowed across the restart (the loops are not stuck behind it).
            await Eventually.True(() => accounts.Sum(a => a.Requests) > before + 20, $"requests flow after restarting {silo}", Patience);
        }

        await stopTraffic.CancelAsync();
        await Task.WhenAll(traffic);
        var requests = accounts.Sum(a => a.Requests);
        output.WriteLine($"{requests} requests while restarting silo-0, silo-1 and silo-2 in turn; {failures.Count} failed");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests failed:\n{string.Join("\n", failures.Take(20))}\n--- why, in api-0.log\n{_script.LogLines("api-0", "\"LogLevel\":\"Warning\",\"Category\":\"OrleansBackend.Api.Problems")}\n{_script.Logs()}");

        foreach (var account in accounts)
        {
            using var read = await http.SendAsync(ApiCalls.Get($"/v1/accounts/{account.Id}", account.User.Token));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var balance = (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetInt64();
            Assert.Equal(account.Deposits * Amount, balance);
        }
    }

    /// <summary>One client: a deposit (new idempotency key) then a read, every 100 ms until cancelled; every answer other than 201/200 is a failure.</summary>
    private static async Task DriveAsync(HttpClient http, Account account, ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var key = Guid.NewGuid().ToString("N");
                var deposited = await SendAsync(http, account, failures, "deposit", HttpStatusCode.Created, () =>
                {
                    var deposit = ApiCalls.Post($"/v1/accounts/{account.Id}/deposits", new { amount = Amount }, account.User.Token);
                    deposit.Headers.Add("Idempotency-Key", key);
                    return deposit;
                });
                if (deposited)
                {
                    account.Deposits++;
                }

                await SendAsync(http, account, failures, "read", HttpStatusCode.OK, () => ApiCalls.Get($"/v1/accounts/{account.Id}", account.User.Token));
            }
            catch (HttpRequestException e)
            {
                failures.Enqueue($"{e.GetType().Name}: {e.Message}");
            }

            // Paced under the Api's rate limits (100 requests/s per client address, 50 per token): four loops of two
            // requests per 100 ms.
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static async Task<bool> SendAsync(HttpClient http, Account account, ConcurrentQueue<string> failures, string what, HttpStatusCode expected, Func<HttpRequestMessage> request)
    {
        using var message = request();
        using var response = await http.SendAsync(message, CancellationToken.None);
        account.Requests++;
        if (response.StatusCode == expected)
        {
            return true;
        }

        failures.Enqueue($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
        return false;
    }

    /// <summary>An account and what its one client loop did to it (only that loop writes these counters).</summary>
    private sealed class Account(ApiUser user, string id)
    {
        public ApiUser User { get; } = user;

        public string Id { get; } = id;

        public int Requests { get; set; }

        public int Deposits { get; set; }

    }
}
