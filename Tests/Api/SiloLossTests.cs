using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// A grain call lost with a dying silo: two silos, the Api as their client; a deposit is held on its silo after its grain
/// stored it, and that silo is killed, so the answer dies with the silo while the effect is already durable — the case a
/// retry must not apply twice. A deposit is safe to repeat, so the cluster client calls it once more when the answer
/// times out, and the caller gets the stored answer. When that call gets no answer either, the Api answers 503 with
/// Retry-After, never a 500, and the client's own retry with its Idempotency-Key takes effect once.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class SiloLossTests : IAsyncLifetime
{
    private readonly HeldAnswer _held = new();
    private BackendCluster? _cluster;
    private ApiFactory? _api;
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await BackendCluster.StartAsync(configureSilo: silo =>
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => new HoldAnswerAfterApplying(_held, services.GetRequiredService<ILocalSiloDetails>().SiloAddress)));
        _api = new ApiFactory(settings: _cluster.ClientSettings);
        _client = new ApiClient(_api.CreateClient());
    }

    public async Task DisposeAsync()
    {
        // The held call on the killed silo may end now: its answer has nowhere to go.
        _held.Release();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADepositLostWithItsSiloIsCalledOnceMoreAndAnsweredAsAppliedOnce()
    {
        var (user, account, _, answer) = await DepositWhileItsSiloDiesAsync(heldCalls: 1);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("true", answer.Header("Idempotent-Replayed"));
        Assert.Equal(100, await _client.BalanceAsync(user, account));
        Assert.Single(await _client.AllEntriesAsync(user, account));
    }

    [Fact]
    public async Task ADepositWhoseRepeatIsLostTooIsServiceUnavailableAndItsRetryAppliesOnce()
    {
        var (user, account, key, lost) = await DepositWhileItsSiloDiesAsync(heldCalls: 2);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.Status);
        Assert.Equal("service_unavailable", lost.Code);
        Assert.Equal("application/problem+json", lost.ContentType);
        Assert.Equal("1", lost.Header("Retry-After"));

        // The repeat is still held on the survivor, keeping the account busy: let it answer (nobody waits for it now).
        _held.Release();

        // The client retries with its key, as Retry-After tells it, until the surviving silo has taken the account over.
        ApiResponse retry = null!;
        await Eventually.True(
            async () =>
            {
                retry = await _client.DepositAsync(user, account, 100, key);
                Assert.True(retry.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)retry.Status} {retry.Body}");
                return retry.Status == HttpStatusCode.Created;
            },
            "the retried deposit is answered",
            TimeSpan.FromSeconds(60));
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        Assert.Equal(100, await _client.BalanceAsync(user, account));
        Assert.Single(await _client.AllEntriesAsync(user, account));
    }

    /// <summary>
    /// A deposit of 100 to a new account whose first <paramref name="heldCalls"/> calls are applied and held, the silo
    /// of the first killed; returns what the Api answered.
    /// </summary>
    private async Task<(TestUser User, string Account, string Key, ApiResponse Answer)> DepositWhileItsSiloDiesAsync(int heldCalls)
    {
        var user = await _client.NewUserAsync("silo-loss");
        var account = await _client.OpenAccountAsync(user);
        var key = ApiClient.NewKey();
        _held.Arm(key, heldCalls);

        var deposit = _client.DepositAsync(user, account, 100, key);
        var silo = await Eventually.Within(_held.Held);
        await _cluster!.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(silo)!);
        return (user, account, key, await Eventually.Within(deposit, TimeSpan.FromSeconds(60)));
    }

    /// <summary>Which deposit to hold (by Idempotency-Key), where it was held, and when its silo may answer.</summary>
    private sealed class HeldAnswer
    {
        private readonly TaskCompletionSource<SiloAddress> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private string? _key;
        private int _calls;

        /// <summary>The silo that applied the deposit first and holds its answer.</summary>
        public Task<SiloAddress> Held => _held.Task;

        public Task Released => _released.Task;

        /// <summary>Holds the first <paramref name="calls"/> calls with <paramref name="key"/>; later ones pass.</summary>
        public void Arm(string key, int calls)
        {
            lock (_lock)
            {
                _key = key;
                _calls = calls;
            }
        }

        /// <summary>True for the armed number of calls with the armed key (later retries pass).</summary>
        public bool TryHold(string key, SiloAddress silo)
        {
            lock (_lock)
            {
                if (_key != key || _calls == 0)
                {
                    return false;
                }

                _calls--;
            }

            _held.TrySetResult(silo);
            return true;
        }

        public void Release() => _released.TrySetResult();
    }

    /// <summary>Lets the deposit run (and store its effect), then keeps its answer on this silo.</summary>
    private sealed class HoldAnswerAfterApplying(HeldAnswer held, SiloAddress silo) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is MoneyCommand command && held.TryHold(command.IdempotencyKey, silo))
            {
                await held.Released;
            }
        }
    }
}
