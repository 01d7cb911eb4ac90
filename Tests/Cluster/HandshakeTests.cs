using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Cluster;

/// <summary>Only a peer that proves it knows the cluster secret gets a grain message through.</summary>
public sealed class HandshakeTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _siloLogs = new();
    private readonly TestCluster _cluster;

    public HandshakeTests()
    {
        _cluster = new TestClusterBuilder(2)
            .ConfigureSilo(silo => silo.Services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(_siloLogs)))
            .Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task AClientWithTheWrongSecretIsRefusedAndLogged()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        using var host = Build(builder => builder.UseClusterClient(client => client.UseInMemoryClustering(_cluster.MembershipTable)));
        await host.StartAsync();
        try
        {
            var call = host.Services.GetRequiredService<IClusterClient>().GetGrain<ILocatorGrain>(1).Locate();
            var exception = await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.IsNotType<TimeoutException>(exception);
            Assert.Contains("handshake", exception.ToString(), StringComparison.OrdinalIgnoreCase);
            // The silo logs the refusal once its side of the connection ends, which may be after the client gave up.
            await Eventually.True(() => _siloLogs.Any(line => line.Contains("handshake", StringComparison.OrdinalIgnoreCase)), "a silo logs the refused handshake");
        }
        finally
        {
            await host.StopAsync();
        }

        // The cluster itself is unharmed.
        Assert.Equal(_cluster.Silos[0].Name, (await _cluster.GrainFactory.GetGrain<ILocatorGrain>(FirstKeyOn(0)).Locate()).Silo);
    }

    [Fact]
    public async Task ASiloWithTheWrongSecretCannotJoin()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        using var host = Build(builder => builder.UseSilo(silo =>
        {
            silo.AddMemoryGrainStorage();
            silo.UseInMemoryClustering(_cluster.MembershipTable);
        }));

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        var table = await _cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, table.Entries.Count(e => e.Entry.Status == SiloStatus.Active));
        Assert.DoesNotContain(table.Entries, e => e.Entry.SiloName == "intruder" && e.Entry.Status == SiloStatus.Active);
        await _cluster.WaitForLivenessToStabilizeAsync();
    }

    private long FirstKeyOn(int silo)
    {
        var ownership = _cluster.Silos[silo].Services.GetRequiredService<OrleansBackend.Runtime.Placement.IGrainOwnership>();
        for (long key = 0; ; key++)
        {
            if (ownership.IsOwnedLocally(OrleansBackend.Runtime.Grains.GrainExtensions.GetGrainId(_cluster.GrainFactory.GetGrain<ILocatorGrain>(key))))
            {
                return key;
            }
        }
    }

    private IHost Build(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:ClusterId"] = _cluster.Options.ClusterId,
            ["Silo:ServiceId"] = _cluster.Options.ServiceId,
            ["Silo:SiloName"] = "intruder",
            ["Endpoints:SiloPort"] = "0",
            ["Endpoints:GatewayPort"] = "0",
            ["Endpoints:AdvertisedAddress"] = "127.0.0.1",
            ["Endpoints:ListenAddress"] = "127.0.0.1",
            ["Cluster:Secret"] = "not-the-cluster-secret-" + Guid.NewGuid().ToString("N"),
            ["Membership:JoinTimeout"] = "00:00:05",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }
}
