using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// The Api in cluster-client mode (no grains of its own) in front of an in-process cluster of silos that run the
/// backend's grains, each with a management listener: what an operator deploys, in one test process.
/// </summary>
public sealed class ClientModeCluster : IAsyncDisposable
{
    private ClientModeCluster(TestCluster cluster, ApiFactory api, string secret)
    {
        Cluster = cluster;
        Api = api;
        Secret = secret;
        Client = new ApiClient(api.CreateClient());
    }

    public TestCluster Cluster { get; }

    public ApiFactory Api { get; }

    public ApiClient Client { get; }

    /// <summary>The cluster secret silos and the Api share.</summary>
    public string Secret { get; }

    public static async Task<ClientModeCluster> StartAsync(int silos = 3, IReadOnlyDictionary<string, string?>? apiSettings = null)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var builder = new TestClusterBuilder(silos)
            .WithConfiguration("Cluster:Secret", secret)
            .ConfigureSilo(silo => silo.AddBackendGrains());
        builder.Options.Clustered = true;
        builder.Options.ManagementEndpoints = true;
        var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();

        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:Secret"] = secret,
            ["Cluster:Membership:Provider"] = "memory",
            ["Silo:ClusterId"] = cluster.Options.ClusterId,
            ["Silo:ServiceId"] = cluster.Options.ServiceId,
        };
        foreach (var (key, value) in apiSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var api = new ApiFactory(settings: settings, configureServices: services =>
        {
            // The Api reads the cluster's own in-memory membership table: the gateways it finds are the test silos.
            services.RemoveAll<InMemoryMembershipTable>();
            services.AddSingleton(cluster.MembershipTable);
        });
        return new ClientModeCluster(cluster, api, secret);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
