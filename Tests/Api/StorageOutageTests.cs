using System.Net;
using System.Text.Json;
using Npgsql;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// The database goes down under transfers, on a cluster of two silos with the Api as their client: readiness and every
/// request that needs storage answer 503 with Retry-After — never a 500 — and once the database is back, the clients'
/// retries with their keys complete every transfer exactly once: nothing is left half-written, money is conserved.
/// The silos reach PostgreSQL through a proxy the test stops, as a database server that went away.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const int Accounts = 4;
    private const long OpeningBalance = 1_000;
    private const int Transfers = 24;

    private TcpProxy? _database;
    private BackendCluster? _cluster;
    private ApiFactory? _api;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        var address = (await Dns.GetHostAddressesAsync(server.Host!))[0];
        _database = TcpProxy.StartTo(new IPEndPoint(address, server.Port));
        _cluster = await BackendCluster.StartAsync(routeStorage: connectionString =>
            new NpgsqlConnectionStringBuilder(connectionString) { Host = IPAddress.Loopback.ToString(), Port = _database.Port }.ConnectionString);
        _api = new ApiFactory(settings: _cluster.ClientSettings);
        _client = new ApiClient(_api.CreateClient());
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

    }

    [Fact]
    public async Task WhileTheDatabaseIsDownRequestsAre503AndAfterwardsEveryRetryAppliesOnce()
    {
        var (alice, bob) = (await _client.NewUserAsync("outage-a"), await _client.NewUserAsync("outage-b"));
        var owners = new[] { alice, bob, alice, bob };
        var accounts = new List<string>();
        foreach (var owner in owners)
        {
            var account = await _client.OpenAccountAsync(owner);
            Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(owner, account, OpeningBalance)).Status);
            accounts.Add(account);
        }

        // Transfers between the accounts (at most 24 × 40 out of one account, so none runs short), all at once; the
        // database goes down while they are on their way.
        var random = new Random(12);
        var transfers = Enumerable.Range(0, Transfers).Select(_ =>
        {
            var from = random.Next(Accounts);
            var to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
            return (From: from, To: to, Amount: (long)random.Next(1, 41), Key: ApiClient.NewKey());
        }).ToList();
        var answers = transfers.Select(t => _client.TransferAsync(owners[t.From], accounts[t.From], accounts[t.To], t.Amount, t.Key)).ToList();
        await Eventually.True(() => answers.Any(a => a.IsCompleted), "a first transfer is answered");
        _database!.Stop();

        var duringOutage = await Task.WhenAll(answers);
        var deposit = await _client.DepositAsync(alice, accounts[0], 5);
        var registration = await _client.RegisterAsync(ApiClient.UniqueEmail("outage-c"), "a long enough password");
        var ready = await _client.GetAsync("/health/ready");

        // In flight when it went down: done, pending (202: debited, not yet credited) or 503; anything after it: 503.
        Assert.All(duringOutage, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{(int)r.Status} {r.Body}"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).Status);
        var unavailable = duringOutage.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).Append(deposit).Append(registration).ToList();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.All(unavailable, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.Equal("service_unavailable", r.Code);
            Assert.Equal("application/problem+json", r.ContentType);
            // 1 s for a database error; the rest of the break (at most 5 s) once the storage's circuit breaker opened.
            Assert.InRange(int.Parse(r.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture), 1, 5);
        });

        _database.Start();
        await Eventually.True(async () => (await _client.GetAsync("/health/ready")).Status == HttpStatusCode.OK, "the Api is ready again", TimeSpan.FromSeconds(60));

        // Every client retries its transfer with its key until it is answered as completed.
        var completed = new List<JsonElement>();
        foreach (var (transfer, first) in transfers.Zip(duringOutage))
        {
            var answer = first;
            await Eventually.True(
                async () =>
                {
                    if (answer.Status != HttpStatusCode.Created)
                    {
                        answer = await _client.TransferAsync(owners[transfer.From], accounts[transfer.From], accounts[transfer.To], transfer.Amount, transfer.Key);
                        Assert.True(answer.Status is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{(int)answer.Status} {answer.Body}");
                    }

                    return answer.Status == HttpStatusCode.Created;
                },
                "the retried transfer completes",
                TimeSpan.FromSeconds(60));
            completed.Add(answer.Json.Clone());
        }

        // Exactly once: each transfer moved its amount once, out of one ledger and into the other, and nothing else moved.
        Assert.Equal(Transfers, completed.Select(t => t.GetProperty("id").GetString()).Distinct().Count());
        var ledgers = new List<List<JsonElement>>();
        for (var i = 0; i < Accounts; i++)
        {
            var entries = await _client.AllEntriesAsync(owners[i], accounts[i]);
            var expected = OpeningBalance - transfers.Where(t => t.From == i).Sum(t => t.Amount) + transfers.Where(t => t.To == i).Sum(t => t.Amount);
            Assert.Equal(expected, await _client.BalanceAsync(owners[i], accounts[i]));
            Assert.Equal(expected, entries.Sum(e => e.GetProperty("kind").GetString() is "withdrawal" or "transfer_out" ? -e.GetProperty("amount").GetInt64() : e.GetProperty("amount").GetInt64()));
            ledgers.Add(entries);
        }

        foreach (var transfer in completed)
        {
            var id = transfer.GetProperty("id").GetString();
            var legs = ledgers.SelectMany(l => l).Where(e => e.TryGetProperty("transferId", out var t) && t.GetString() == id).Select(e => e.GetProperty("kind").GetString()).Order();
            Assert.Equal(["transfer_in", "transfer_out"], legs);
        }
    }
}
