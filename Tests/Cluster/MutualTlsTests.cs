using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// Mutual TLS on the cluster wire: a cluster of the project's silos (<see cref="BackendCluster"/>, certificates of the
/// test cluster CA) admits a client with a certificate from its CA, and refuses — before any grain message, logging
/// why — a client with a certificate from another CA, a client with no certificate, a client without TLS, and a silo
/// of another CA that tries to join.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class MutualTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Refused = "TLS: refused the connection";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private BackendCluster? _backend;

    private BackendCluster Backend => _backend ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _backend = await BackendCluster.StartAsync(silos: 1);

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task AClientWithACertificateFromTheClusterCaCallsGrains()
    {
        var logs = new CapturedLogs();
        using var client = BackendClient(Backend.ClientSettings, logs);
        await Eventually.Within(client.StartAsync(), Deadline);

        var account = client.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>($"tls-{Guid.NewGuid():N}");
        await account.Open("owner", "EUR");
        Assert.Equal("EUR", (await account.Get())?.Currency);
        await client.StopAsync();

        Assert.DoesNotContain(Backend.SiloLogs.Lines.Concat(logs.Lines), l => l.Contains(Refused, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientWithACertificateFromAnotherCaIsRefusedBeforeAnyGrainCallAndTheSiloLogsWhy()
    {
        // An intruder that accepts any silo certificate and presents one of its own CA: the silo is the one that refuses.
        var intruder = TestCertificateAuthority.Foreign.Load("intruder-client");

        var refusal = await RefusedClientAsync(client => client.UseTls(intruder, options => options.AllowAnyRemoteCertificate()));

        Assert.Contains("CN=intruder-client", refusal);
        Assert.Contains("is not issued by the cluster CA", refusal);
    }

    [Theory]
    [InlineData("TLS without a certificate")]
    [InlineData("no TLS")]
    public async Task AClientWithoutACertificateIsRefusedBeforeAnyGrainCallAndTheSiloLogsIt(string how)
    {
        var refusal = await RefusedClientAsync(client =>
        {
            if (how == "TLS without a certificate")
            {
                client.UseTls(options =>
                {
                    options.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
                    options.AllowAnyRemoteCertificate();
                });
            }
        });

        Assert.Contains("no TLS session", refusal);
    }

    [Fact]
    public async Task ASiloOfAnotherCaNeverBecomesActiveAndBothSidesLogTheRefusal()
    {
        // A real Silo process (an intruder told it is dead would end the test process): its own CA, the cluster's Redis.
        var seen = Backend.SiloLogs.Lines.Count;
        var siloPort = FreePorts.Next();
        var settings = new Dictionary<string, string?>(TestCertificateAuthority.Foreign.Settings("intruder-silo"))
        {
            ["Orleans:ClusterId"] = Backend.Cluster.Options.ClusterId,
            ["Orleans:ServiceId"] = Backend.Cluster.Options.ServiceId,
            ["Orleans:Name"] = "intruder",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["ConnectionStrings:orleans"] = Backend.Database.ConnectionString,

            // A silo becomes active only once it reached every active silo; it gives up after this long.
            ["Orleans:Membership:MaxJoinAttemptTime"] = "00:00:05",
        };
        var directory = Directory.CreateTempSubdirectory("orleansbackend-intruder-");
        try
        {
            await using var intruder = BackendProcess.Start("intruder", BackendExecutables.Silo, settings, directory.FullName);
            var management = Backend.Cluster.Client.GetGrain<IManagementGrain>(0);
            await Eventually.True(
                async () =>
                {
                    var hosts = await management.GetHosts(onlyActive: false);
                    Assert.DoesNotContain(hosts, h => h.Key.Endpoint.Port == siloPort && h.Value == SiloStatus.Active);
                    return intruder.HasExited;
                },
                "the intruder gives up joining (it never becomes active)",
                Deadline);

            await RefusalAsync(seen);
            Assert.Contains(intruder.Output, l => l.Contains(Refused, StringComparison.Ordinal) && l.Contains("is not issued by the cluster CA", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The silo's first refusal logged after line <paramref name="seen"/>.</summary>
    private async Task<string> RefusalAsync(int seen)
    {
        string? refusal = null;
        await Eventually.True(
            () => (refusal = Backend.SiloLogs.Lines.Skip(seen).FirstOrDefault(l => l.Contains(Refused, StringComparison.Ordinal))) is not null,
            "the silo logs the refused connection");
        return refusal!;
    }

    /// <summary>A cluster client as the Api makes one (the project's hosting), with <paramref name="settings"/>.</summary>
    internal static IHost BackendClient(IReadOnlyDictionary<string, string?> settings, CapturedLogs logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        builder.AddBackendClient();
        return builder.Build();
    }

    /// <summary>
    /// Starts a bare Orleans client of the cluster, on the wire as <paramref name="configure"/> sets it, and returns the
    /// refusal the silo logged. The client never gets connected: Orleans keeps trying to fetch the cluster's manifest, its
    /// first message, over connections that end at the handshake.
    /// </summary>
    private async Task<string> RefusedClientAsync(Action<IClientBuilder> configure)
    {
        var seen = Backend.SiloLogs.Lines.Count;
        var client = RawClient(configure);
        var start = client.StartAsync();
        try
        {
            var refusal = await RefusalAsync(seen);
            output.WriteLine(refusal);
            Assert.False(start.IsCompletedSuccessfully, "the refused client connected");
            return refusal;
        }
        finally
        {
            // Disposing the client ends its attempts; its start then fails or gives up, and nothing waits for it.
            _ = start.ContinueWith(t => t.Exception, TaskScheduler.Default);
            await ((IAsyncDisposable)client).DisposeAsync();
        }
    }

    /// <summary>A bare Orleans client of the cluster, on the wire as <paramref name="configure"/> sets it.</summary>
    private IHost RawClient(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = Backend.Cluster.Options.ClusterId,
            ["Orleans:ServiceId"] = Backend.Cluster.Options.ServiceId,
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = TestServers.Redis,
        });
        builder.UseOrleansClient(configure);
        return builder.Build();
    }
}
