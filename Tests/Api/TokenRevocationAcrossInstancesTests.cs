using System.Net;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// Two Api instances in cluster-client mode in front of one cluster of two silos, as behind a load balancer: a token
/// issued by one works on the other, and once revoked on one it is refused by the other on its very next request —
/// sessions live in grains, not in any instance's memory.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class TokenRevocationAcrossInstancesTests(TokenRevocationAcrossInstancesTests.TwoInstances instances)
    : IClassFixture<TokenRevocationAcrossInstancesTests.TwoInstances>
{
    private readonly ApiClient _a = instances.A;
    private readonly ApiClient _b = instances.B;

    [Fact]
    public async Task SigningOutOnOneInstanceKillsTheTokenOnTheOtherAtOnce()
    {
        var user = await _a.NewUserAsync("roaming");
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/v1/users/me", user.Token)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await _a.DeleteAsync("/v1/sessions/current", user.Token)).Status);

        var refused = await _b.GetAsync("/v1/users/me", user.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("unauthorized", refused.Code);
        Assert.StartsWith("Bearer", refused.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _a.GetAsync("/v1/users/me", user.Token)).Status);
    }

    [Fact]
    public async Task RevokingAnotherSessionOnOneInstanceKillsItOnTheOtherAtOnce()
    {
        var user = await _a.NewUserAsync("two-devices");
        var phone = await _b.LoginAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Created, phone.Status);
        var phoneToken = phone.Json.GetProperty("token").GetString()!;
        var phoneSession = phone.Json.GetProperty("sessionId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/v1/users/me", phoneToken)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await _a.DeleteAsync($"/v1/sessions/{phoneSession}", user.Token)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _b.GetAsync("/v1/users/me", phoneToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync("/v1/users/me", user.Token)).Status);
    }

    /// <summary>The cluster and the two Api instances, shared by the tests of this class (each test has users of its own).</summary>
    public sealed class TwoInstances : IAsyncLifetime
    {
        private BackendCluster? _cluster;
        private ApiFactory? _factoryA;
        private ApiFactory? _factoryB;

        public ApiClient A { get; private set; } = null!;

        public ApiClient B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _cluster = await BackendCluster.StartAsync();
            _factoryA = new ApiFactory(settings: _cluster.ClientSettings);
            _factoryB = new ApiFactory(settings: _cluster.ClientSettings);
            A = new ApiClient(_factoryA.CreateClient());
            B = new ApiClient(_factoryB.CreateClient());
        }

        public async Task DisposeAsync()
        {
            foreach (var factory in new[] { _factoryA, _factoryB })
            {
                if (factory is not null)
                {
                    await factory.DisposeAsync();
                }
            }

            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
