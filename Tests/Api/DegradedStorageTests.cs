using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Tests.Infrastructure;
using Polly.CircuitBreaker;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// A database that goes away behind a cluster of two silos (the proxy the silos reach PostgreSQL through stops):
/// each silo's grain-storage circuit breaker opens, so writes answer 503 with a Retry-After of the break instead of
/// trying the database; accounts whose grains are active keep answering reads; once the database is back and the break
/// is over, the breaker's probe closes the circuit by itself, and the clients' retries with their keys apply once.
/// The breakers run on a fake clock, so the test decides when a break is over instead of waiting for it.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class DegradedStorageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Amount = 100;
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _breakerClock = FakeClock.StartingNow();
    private TcpProxy? _database;
    private BackendCluster? _cluster;
    private ApiFactory? _api;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        var address = (await Dns.GetHostAddressesAsync(server.Host!))[0];
        _database = TcpProxy.StartTo(new IPEndPoint(address, server.Port));
        _cluster = await BackendCluster.StartAsync(
            configureSilo: silo =>
            {
                silo.Services.AddKeyedSingleton<TimeProvider>(CircuitBreakingGrainStorage.TimeProviderKey, _breakerClock);
                silo.Services.Configure<StorageResilienceOptions>(o =>
                {
                    o.BreakDuration = BreakDuration;
                    o.MinimumThroughput = 2;
                });
            },
            routeStorage: connectionString =>
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
    public async Task WhileTheDatabaseIsDownWritesAreRefusedAtOnceReadsAnswerAndTheCircuitClosesByItselfAfterwards()
    {
        var user = await _client.NewUserAsync("degraded");
        var accounts = new[] { await _client.OpenAccountAsync(user), await _client.OpenAccountAsync(user) };
        foreach (var account in accounts)
        {
            Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(user, account, Amount)).Status);
        }

        Assert.All(Circuits(), c => Assert.Equal(CircuitState.Closed, c.State));
        _database!.Stop();

        // The breakers' clock stands still unless moved: move it past the sampling window, so the successes before the
        // outage leave the window as they would in real time.
        _breakerClock.Advance(new StorageResilienceOptions().SamplingDuration);

        // Writes fail against the dead database until every silo's breaker has seen enough failures to open; from then
        // on the answer is the breaker's: 503 with Retry-After = the break, without trying the database.
        var refused = new List<(string Key, string Account)>();
        await Eventually.True(
            async () =>
            {
                var key = ApiClient.NewKey();
                var account = accounts[refused.Count % accounts.Length];
                var answer = await _client.DepositAsync(user, account, Amount, key);
                output.WriteLine($"{answer.Status} Retry-After {answer.Header("Retry-After")}; circuits {string.Join(", ", Circuits().Select(c => c.State))}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
                Assert.Equal("service_unavailable", answer.Code);
                refused.Add((key, account));
                return Circuits().All(c => c.IsOpen);
            },
            "every silo's storage circuit is open",
            TimeSpan.FromSeconds(60));

        var whileOpen = new List<ApiResponse>();
        for (var i = 0; i < 6; i++)
        {
            var key = ApiClient.NewKey();
            var account = accounts[i % accounts.Length];
            whileOpen.Add(await _client.DepositAsync(user, account, Amount, key));
            refused.Add((key, account));
        }

        whileOpen.Add(await _client.RegisterAsync(ApiClient.UniqueEmail("degraded-new"), "a long enough password"));
        Assert.All(whileOpen, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Equal("service_unavailable", answer.Code);
            Assert.Equal(((int)BreakDuration.TotalSeconds).ToString(), answer.Header("Retry-After"));
        });

        // Reads of the active accounts are answered from memory; the database is not needed for them.
        foreach (var account in accounts)
        {
            var read = await _client.GetAsync($"/v1/accounts/{account}", user.Token);
            Assert.Equal(HttpStatusCode.OK, read.Status);
        }

        // Still open while the break lasts, even with the database back.
        _database.Start();
        Assert.All(Circuits(), c => Assert.True(c.IsOpen));

        // After the break the next operation on each silo probes the database and closes its circuit: nobody resets it.
        _breakerClock.Advance(BreakDuration);
        await Eventually.True(
            async () =>
            {
                // Any storage operation probes: a deposit with a new key (retried below like the refused ones).
                var key = ApiClient.NewKey();
                await _client.DepositAsync(user, accounts[0], Amount, key);
                refused.Add((key, accounts[0]));
                return Circuits().All(c => c.State == CircuitState.Closed);
            },
            "every silo's storage circuit closed again",
            TimeSpan.FromSeconds(60));

        // Every refused deposit, retried with its key, applies once; a second retry replays it.
        foreach (var (key, account) in refused)
        {
            ApiResponse? answer = null;
            await Eventually.True(
                async () => (answer = await _client.DepositAsync(user, account, Amount, key)).Status == HttpStatusCode.Created,
                "the retried deposit is applied",
                TimeSpan.FromSeconds(60));
            var replay = await _client.DepositAsync(user, account, Amount, key);
            Assert.Equal(HttpStatusCode.Created, replay.Status);
            Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        }

        foreach (var account in accounts)
        {
            var deposits = 1 + refused.Count(r => r.Account == account);
            Assert.Equal(deposits * Amount, await _client.BalanceAsync(user, account));
            var entries = await _client.AllEntriesAsync(user, account);
            Assert.Equal(deposits, entries.Count);
        }
    }

    private List<CircuitBreakingGrainStorage> Circuits() =>
        _cluster!.Cluster.GetActiveSilos()
            .OfType<InProcessSiloHandle>()
            .Select(s => Assert.IsType<CircuitBreakingGrainStorage>(s.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default)))
            .ToList();
}
