using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Hosting;
using OrleansBackend.Hosting.Security;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>
/// A cluster of the project's silos on Orleans' <see cref="TestCluster"/> over real TCP. Every silo is configured as the
/// shipped Silo executable is — Silo/appsettings.json (Redis membership, PostgreSQL grain storage, reminders and streams,
/// the tuned failure detection, mutual TLS) through the project's own hosting code — but on the test Redis, a database of
/// its own on the test PostgreSQL, ports of its own, and certificates of the test CA
/// (<see cref="TestCertificateAuthority.Cluster"/>). Api instances join it as clients with <see cref="ClientSettings"/>.
/// </summary>
public sealed class BackendCluster : IAsyncDisposable
{
    private readonly Action<ISiloBuilder>? _configureSilo;
    private readonly Dictionary<string, string?> _siloSettings;

    private BackendCluster(TestDatabase database, string storageConnectionString, Action<ISiloBuilder>? configureSilo, short silos)
    {
        Database = database;
        _configureSilo = configureSilo;
        _siloSettings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:orleans"] = storageConnectionString,
            ["ConnectionStrings:redis"] = TestServers.Redis,
        };
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = $"test-{Guid.NewGuid():N}";
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["Orleans:Clustering:ProviderType"] = "Redis";
        builder.Properties["Orleans:Clustering:ConnectionString"] = TestServers.Redis;

        // Silos and the cluster's own client on the cluster wire as in production: mutual TLS with the test CA's certificates.
        foreach (var (key, value) in TestCertificateAuthority.Cluster.Settings())
        {
            builder.Properties[key] = value;
        }

        builder.AddClientBuilderConfigurator<ClusterTlsClient>();
        builder.CreateSiloAsync = CreateSiloAsync;
        Cluster = builder.Build();
    }

    /// <summary>Orleans' handle on the cluster: its silos (kill, stop, restart, add) and a client of its own.</summary>
    public TestCluster Cluster { get; }

    /// <summary>The cluster's database.</summary>
    public TestDatabase Database { get; }

    /// <summary>What every silo logged.</summary>
    public CapturedLogs SiloLogs { get; } = new();

    /// <summary>The settings that make an Api instance a pure client of this cluster (Redis membership lists the gateways).</summary>
    public IReadOnlyDictionary<string, string?> ClientSettings => new Dictionary<string, string?>(TestCertificateAuthority.Cluster.Settings())
    {
        ["Cluster:Mode"] = "Client",
        ["Orleans:ClusterId"] = Cluster.Options.ClusterId,
        ["Orleans:ServiceId"] = Cluster.Options.ServiceId,
        ["Orleans:Clustering:ProviderType"] = "Redis",
        ["Orleans:Clustering:ConnectionString"] = TestServers.Redis,
    };

    /// <summary>
    /// Starts <paramref name="silos"/> silos (two by default) on a new database. <paramref name="routeStorage"/> may turn
    /// the database's connection string into the one the silos use (through a <see cref="TcpProxy"/>, say);
    /// <paramref name="configureSilo"/> adds test services to each silo.
    /// </summary>
    public static async Task<BackendCluster> StartAsync(Action<ISiloBuilder>? configureSilo = null, Func<string, string>? routeStorage = null, short silos = 2)
    {
        var database = await TestDatabase.CreateAsync();
        var cluster = new BackendCluster(database, routeStorage?.Invoke(database.ConnectionString) ?? database.ConnectionString, configureSilo, silos);
        try
        {
            await cluster.Cluster.DeployAsync();
            await cluster.Cluster.WaitForLivenessToStabilizeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }

    private async Task<SiloHandle> CreateSiloAsync(string name, IConfiguration clusterConfiguration) =>
        await InProcessSiloHandle.CreateAsync(name, clusterConfiguration, host =>
        {
            // The shipped silo settings first; the test cluster's identity, endpoints and servers over them.
            host.ConfigureAppConfiguration(configuration => configuration
                .AddJsonFile(RepositoryPaths.File("Silo", "appsettings.json"), optional: false)
                .AddConfiguration(clusterConfiguration)
                .AddInMemoryCollection(_siloSettings));
            host.ConfigureLogging((context, logging) => logging
                .AddConfiguration(context.Configuration.GetSection("Logging"))
                .AddProvider(SiloLogs));
            host.UseOrleans((context, silo) =>
            {
                // As AddBackendSilo does for the Silo executable, on the host TestCluster builds.
                silo.AddBackendGrains();
                silo.ConfigureBackendSilo(context.Configuration);
                _configureSilo?.Invoke(silo);
                silo.Services.FinishBackendSilo();
            });
        });

    /// <summary>The cluster's own client (TestCluster builds it) on TLS, as the Api's client is (<see cref="ClusterTlsHostingExtensions"/>).</summary>
    private sealed class ClusterTlsClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.UseClusterTls(configuration);
    }
}
