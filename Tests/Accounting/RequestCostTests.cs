using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Tests.Api;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Accounting;

/// <summary>
/// Per-request accounting (docs/benchmarks.md, "What a request costs"): each route of the Api, run a few times against
/// the embedded silo, with the grain calls and grain-state reads and writes it made, counted from Orleans' storage meter
/// and a grain call filter. The test prints the table the doc shows and holds each route to its budget: the write path
/// was designed from these figures, and a change that adds a durable write or a grain call to a route fails here.
/// </summary>
public sealed class RequestCostTests : IAsyncLifetime
{
    private const int Repetitions = 4;

    // Per request, at most: grain calls, storage reads, storage writes — those of the request itself and those its events
    // cause in the activity feed (the stream carries the request context). docs/benchmarks.md has the table.
    private static readonly Dictionary<string, (double Calls, double Reads, double Writes)> Budgets = new(StringComparer.Ordinal)
    {
        ["POST /v1/users"] = (2, 2, 3),
        ["POST /v1/sessions"] = (4, 1, 3),
        ["GET /v1/users/me"] = (2, 0, 0),
        ["POST /v1/accounts"] = (3, 1, 3),
        ["GET /v1/accounts/{id}"] = (2, 0, 0),
        ["POST deposits"] = (3, 1, 3),
        ["POST deposits (retry)"] = (3, 0, 0),
        ["POST withdrawals (refused)"] = (4, 1, 2),
        ["POST /v1/transfers"] = (7, 2, 9),
        ["GET /v1/transfers/{id}"] = (2, 0, 0),
        ["GET transactions"] = (2, 0, 0),
    };

    private readonly ITestOutputHelper _output;
    private readonly RequestCostRecorder _recorder = new();
    private ApiFactory _api = null!;
    private ApiClient _client = null!;

    public RequestCostTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public Task InitializeAsync()
    {
        _api = new ApiFactory(configureServices: _recorder.AddTo);
        _client = new ApiClient(_api.CreateClient());
        _recorder.ListenTo(_api.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _recorder.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task EachRouteMakesNoMoreGrainCallsAndStorageOperationsThanItsBudget()
    {
        var users = new List<TestUser>();
        await Measure("POST /v1/users", async i =>
        {
            var email = ApiClient.UniqueEmail($"cost{i}");
            var response = await _client.RegisterAsync(email, $"pw-cost-{i}-{Guid.NewGuid():N}", "cost");
            Assert.Equal(HttpStatusCode.Created, response.Status);
            users.Add(new TestUser(response.Id, email, string.Empty, string.Empty, string.Empty));
        });
        var owner = await _client.NewUserAsync("cost-owner");
        var payee = await _client.NewUserAsync("cost-payee");
        await Measure("POST /v1/sessions", async _ => Assert.Equal(HttpStatusCode.Created, (await _client.LoginAsync(owner.Email, owner.Password)).Status));
        await Measure("GET /v1/users/me", async _ => Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v1/users/me", owner.Token)).Status));
        var accounts = new List<string>();
        await Measure("POST /v1/accounts", async _ => accounts.Add((await _client.PostAsync("/v1/accounts", """{"currency":"EUR"}""", owner.Token)).Id));
        var account = accounts[0];
        var destination = await _client.OpenAccountAsync(payee);
        await Measure("GET /v1/accounts/{id}", async _ => Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/v1/accounts/{account}", owner.Token)).Status));
        var keys = new List<string>();
        await Measure("POST deposits", async i =>
        {
            keys.Add(ApiClient.NewKey());
            Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(owner, account, 1_000 + i, keys[^1])).Status);
        });
        await Measure("POST deposits (retry)", async i => Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(owner, account, 1_000 + i, keys[i])).Status));
        await Measure("POST withdrawals (refused)", async _ => Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _client.WithdrawAsync(owner, account, 1_000_000)).Status));
        var transfers = new List<string>();
        await Measure("POST /v1/transfers", async _ =>
        {
            var response = await _client.TransferAsync(owner, account, destination, 10);
            Assert.Equal(HttpStatusCode.Created, response.Status);
            transfers.Add(response.Id);
        });
        await Measure("GET /v1/transfers/{id}", async i => Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/v1/transfers/{transfers[i]}", owner.Token)).Status));
        await Measure("GET transactions", async _ => Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/v1/accounts/{account}/transactions", owner.Token)).Status));

        _output.WriteLine(Table());
        foreach (var (route, budget) in Budgets)
        {
            var (calls, reads, writes) = PerRequest(route);
            Assert.True(
                calls <= budget.Calls && reads <= budget.Reads && writes <= budget.Writes,
                $"{route}: {calls} grain calls, {reads} storage reads, {writes} storage writes per request; budget {budget}.\n{Table()}");
        }
    }

    private async Task Measure(string route, Func<int, Task> request)
    {
        _client.Http.DefaultRequestHeaders.Add(RequestCostRecorder.HeaderName, route);
        try
        {
            for (var i = 0; i < Repetitions; i++)
            {
                await request(i);
            }
        }
        finally
        {
            _client.Http.DefaultRequestHeaders.Remove(RequestCostRecorder.HeaderName);
        }
    }

    private (double Calls, double Reads, double Writes) PerRequest(string route)
    {
        var counts = _recorder.CountsOf(route);
        double Sum(string prefix) => counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value) / (double)Repetitions;
        return (Sum("call "), Sum("storage read "), Sum("storage write ") + Sum("storage clear "));
    }

    private string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| route (per request, mean of {Repetitions}) | grain calls | storage reads | storage writes | detail |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var route in Budgets.Keys)
        {
            var (calls, reads, writes) = PerRequest(route);
            var detail = string.Join(", ", _recorder.CountsOf(route).OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key[(c.Key.IndexOf(' ') + 1)..]} ×{c.Value / (double)Repetitions:0.##}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {route} | {calls:0.##} | {reads:0.##} | {writes:0.##} | {detail} |");
        }

        return text.ToString();
    }
}
