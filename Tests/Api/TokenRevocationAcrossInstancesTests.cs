using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// Two Api instances in cluster-client mode in front of one cluster, as behind a load balancer: a token issued by
/// one works on the other, and once revoked on one it is refused by the other on its very next request — sessions
/// live in grains, not in any instance's memory.
/// </summary>
public sealed class TokenRevocationAcrossInstancesTests : IAsyncLifetime
{
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly TestCluster _cluster;
    private ApiFactory? _factoryA;
    private ApiFactory? _factoryB;
    private ApiClient _a = null!;
    private ApiClient _b = null!;

    public TokenRevocationAcrossInstancesTests()
    {
        var builder = LoadTolerantCluster.Builder(2)
            .WithConfiguration("Cluster:Secret", _secret)
            .ConfigureSilo(silo => silo.AddBackendGrains());
        _cluster = builder.Build();
    }

    public async Task InitializeAsync()
    {
        await _cluster.DeployAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        _factoryA = ClientApi();
        _factoryB = ClientApi();
        _a = new ApiClient(_factoryA.CreateClient());
        _b = new ApiClient(_factoryB.CreateClient());
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

        await _cluster.DisposeAsync();
    }

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

    private ApiFactory ClientApi()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:Secret"] = _secret,
            ["Cluster:Membership:Provider"] = "memory",
            ["Silo:ClusterId"] = _cluster.Options.ClusterId,
            ["Silo:ServiceId"] = _cluster.Options.ServiceId,
        };

        // Each instance reads the cluster's own in-memory membership table, so the gateways it finds are the test silos.
        return new ApiFactory(settings: settings, configureServices: services =>
        {
            services.RemoveAll<InMemoryMembershipTable>();
            services.AddSingleton(_cluster.MembershipTable);
        });
    }
}
