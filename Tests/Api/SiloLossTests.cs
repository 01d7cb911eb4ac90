using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// A grain call lost with a dying silo is an outage the client may retry with its Idempotency-Key: 503 with
/// Retry-After, never a 500 (found by Bench bank killing silos under transfer load).
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly SiloLoss _loss = new();
    private readonly ApiFactory _factory;
    private ApiClient _client = null!;

    public SiloLossTests()
    {
        _factory = new ApiFactory(configureServices: services => services.AddSingleton<IIncomingGrainCallFilter>(_loss));
    }

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ACallLostWithItsSiloIsServiceUnavailable()
    {
        var user = await _client.NewUserAsync("silo-loss");
        var account = await _client.OpenAccountAsync(user);
        _loss.Failing = true;

        var read = await _client.GetAsync($"/v1/accounts/{account}", user.Token);
        var deposit = await _client.DepositAsync(user, account, 100, key: "silo-loss-1");

        foreach (var response in new[] { read, deposit })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
            Assert.Equal("service_unavailable", response.Code);
            Assert.Equal("1", response.Header("Retry-After"));
        }

        // The retry with the same key, once the cluster answers again, takes effect once.
        _loss.Failing = false;
        Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(user, account, 100, key: "silo-loss-1")).Status);
        Assert.Equal(100, await _client.BalanceAsync(user, account));
    }

    /// <summary>Fails account calls as a caller sees a call in flight on a silo that was killed.</summary>
    private sealed class SiloLoss : IIncomingGrainCallFilter
    {
        public volatile bool Failing;

        public Task Invoke(IIncomingGrainCallContext context) =>
            Failing && context.Method.InterfaceName.EndsWith("IAccountGrain", StringComparison.Ordinal)
                ? throw new SiloUnavailableException("The silo hosting the call was declared dead (test).")
                : context.Invoke();
    }
}
