using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
    private ClientModeCluster(TestCluster cluster, ApiFactory api, string secret, bool realServer)
    {
        Cluster = cluster;
        Api = api;
        Secret = secret;
        if (realServer)
        {
            api.UseKestrel(0);
            api.StartServer();
            BaseUri = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        }

        Client = new ApiClient(api.CreateClient());
    }

    public TestCluster Cluster { get; }

    public ApiFactory Api { get; }

    public ApiClient Client { get; }

    /// <summary>The Api's address on loopback when it runs on a real server (for a browser), else null.</summary>
    public Uri? BaseUri { get; }

    /// <summary>The cluster secret silos and the Api share.</summary>
    public string Secret { get; }

    /// <summary>
    /// Starts the silos and the Api; <paramref name="realServer"/> serves the Api on a loopback port (Kestrel), and
    /// <paramref name="siloLogs"/> collects every log line of every silo.
    /// </summary>
    public static async Task<ClientModeCluster> StartAsync(
        int silos = 3,
        IReadOnlyDictionary<string, string?>? apiSettings = null,
        bool realServer = false,
        ConcurrentQueue<string>? siloLogs = null)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var builder = LoadTolerantCluster.Builder(silos)
            .WithConfiguration("Cluster:Secret", secret)
            .ConfigureSilo(silo =>
            {
                silo.AddBackendGrains();
                if (siloLogs is not null)
                {
                    silo.Services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(siloLogs));
                    silo.Services.Configure<LoggerFilterOptions>(filters => filters.MinLevel = LogLevel.Trace);
                }
            });
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
        return new ClientModeCluster(cluster, api, secret, realServer);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
