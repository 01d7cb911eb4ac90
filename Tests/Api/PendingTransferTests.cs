using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// When the destination cannot be credited during the request, the transfer is answered 202 pending; the saga
/// finishes it later and a retry with the same key then shows it completed, applied once.
/// </summary>
public sealed class PendingTransferTests : IAsyncLifetime
{
    private readonly CreditOutage _outage = new();
    private readonly ApiFactory _factory;
    private ApiClient _client = null!;

    public PendingTransferTests()
    {
        _factory = new ApiFactory(configureServices: services => services.AddSingleton<IIncomingGrainCallFilter>(_outage));
    }

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ATransferWhoseCreditFailsIsPendingAndCompletesOnce()
    {
        var alice = await _client.NewUserAsync("payer");
        var bob = await _client.NewUserAsync("payee");
        var from = await _client.OpenAccountAsync(alice);
        var to = await _client.OpenAccountAsync(bob);
        await _client.DepositAsync(alice, from, 1000);
        var key = ApiClient.NewKey();

        _outage.Failing = true;
        var pending = await _client.TransferAsync(alice, from, to, 600, key);

        Assert.Equal(HttpStatusCode.Accepted, pending.Status);
        Assert.Equal("pending", pending.Json.GetProperty("status").GetString());
        Assert.Equal($"/v1/transfers/{pending.Id}", pending.Headers.Location?.ToString());
        Assert.Equal(400, await _client.BalanceAsync(alice, from));
        Assert.Equal(0, await _client.BalanceAsync(bob, to));
        Assert.Equal("pending", (await _client.GetAsync($"/v1/transfers/{pending.Id}", bob.Token)).Json.GetProperty("status").GetString());

        _outage.Failing = false;
        var completed = await _client.TransferAsync(alice, from, to, 600, key);
        var again = await _client.TransferAsync(alice, from, to, 600, key);

        Assert.Equal(HttpStatusCode.Created, completed.Status);
        Assert.Equal("completed", completed.Json.GetProperty("status").GetString());
        Assert.Equal("true", completed.Header("Idempotent-Replayed"));
        Assert.Equal(completed.Body, again.Body);
        Assert.Equal(pending.Id, completed.Id);
        Assert.Equal(400, await _client.BalanceAsync(alice, from));
        Assert.Equal(600, await _client.BalanceAsync(bob, to));
        Assert.Single(await _client.AllEntriesAsync(bob, to));
    }

    /// <summary>Makes credit legs fail while switched on (the destination's silo or storage is down).</summary>
    private sealed class CreditOutage : IIncomingGrainCallFilter
    {
        public volatile bool Failing;

        public Task Invoke(IIncomingGrainCallContext context) =>
            Failing && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is TransferLeg { Kind: TransferLegKind.Credit }
                ? throw new TimeoutException("The destination did not answer (test fault).")
                : context.Invoke();
    }
}
