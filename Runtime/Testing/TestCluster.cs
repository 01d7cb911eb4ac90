using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Timers.Reminders.Memory;

namespace OrleansBackend.Runtime.Testing;

/// <summary>
/// An in-process cluster for tests: real silos on the generic host talking over loopback TCP, an in-memory
/// membership table and in-memory storage shared between them, and a client that calls through the gateways.
/// Silos can be added, stopped gracefully, killed abruptly and restarted.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _siloConfigurations;
    private readonly Action<IClientBuilder>[] _clientConfigurations;
    private readonly Dictionary<string, string?> _configuration;
    private readonly TimeProvider? _timeProvider;
    private readonly List<SiloHandle> _silos = [];
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private IHost? _clientHost;
    private int _siloCounter;

    internal TestCluster(
        TestClusterOptions options,
        Action<ISiloBuilder>[] siloConfigurations,
        Action<IClientBuilder>[] clientConfigurations,
        Dictionary<string, string?> configuration,
        TimeProvider? timeProvider)
    {
        _options = options;
        _siloConfigurations = siloConfigurations;
        _clientConfigurations = clientConfigurations;
        _configuration = configuration;
        _timeProvider = timeProvider;
    }

    /// <summary>The cluster's settings.</summary>
    public TestClusterOptions Options => _options;

    /// <summary>The running silos.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The cluster secret the silos and the client share (for a test's own extra clients or silos).</summary>
    public string Secret => _secret;

    /// <summary>The first running silo.</summary>
    public SiloHandle Primary => Silos.Count > 0 ? Silos[0] : throw new InvalidOperationException("No silo is running.");

    /// <summary>The client tests call grains with (a gateway client when clustered).</summary>
    public IClusterClient Client =>
        _clientHost?.Services.GetRequiredService<IClusterClient>() ?? Primary.Services.GetRequiredService<IClusterClient>();

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory GrainFactory => Client;

    /// <summary>The storage every silo shares as its default (and "store") grain storage.</summary>
    public MemoryGrainStorage Storage { get; } = new();

    /// <summary>The reminder table every silo shares.</summary>
    public MemoryReminderTable Reminders { get; } = new();

    /// <summary>The membership table the silos share (clustered only).</summary>
    public InMemoryMembershipTable MembershipTable { get; } = new();

    /// <summary>Starts the initial silos (and the client, when clustered).</summary>
    public async Task DeployAsync()
    {
        if (_options.Clustered)
        {
            await Task.WhenAll(Enumerable.Range(0, _options.InitialSilosCount).Select(_ => StartAdditionalSiloAsync()));
            await StartClientAsync();
        }
        else
        {
            if (_options.InitialSilosCount != 1)
            {
                throw new InvalidOperationException("An unclustered test cluster has exactly one silo; set Options.Clustered for more.");
            }

            await StartAdditionalSiloAsync();
        }
    }

    /// <summary>Starts one more silo, which joins the cluster.</summary>
    public async Task<SiloHandle> StartAdditionalSiloAsync()
    {
        if (!_options.Clustered && Silos.Count > 0)
        {
            throw new InvalidOperationException("This test cluster is not clustered: set Options.Clustered to start more silos.");
        }

        var name = $"silo-{Interlocked.Increment(ref _siloCounter) - 1}";
        return await StartSiloAsync(name);
    }

    /// <summary>Stops a silo gracefully: it hands its grains over and leaves membership.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        Remove(silo);
        await silo.Host.StopAsync(TimeSpan.FromSeconds(30));
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo abruptly: its connections drop, nothing is handed over, membership must detect it.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        Remove(silo);
        var runtime = silo.Services.GetService<ClusterSiloRuntime>()
            ?? throw new InvalidOperationException("Only a clustered silo can be killed.");
        await runtime.KillAsync();
        await silo.Host.StopAsync(TimeSpan.FromSeconds(5));
        silo.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully and starts a new process in its place (a new generation).</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        await StopSiloAsync(silo);
        return await StartSiloAsync(silo.Name);
    }

    /// <summary>Waits until every running silo (and the client) sees exactly the running silos as active.</summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        if (!_options.Clustered)
        {
            return;
        }

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!IsStable())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The cluster's membership did not stabilize in time.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Stops the client and every silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync(TimeSpan.FromSeconds(5));
            _clientHost.Dispose();
            _clientHost = null;
        }

        var silos = Silos;
        lock (_silos)
        {
            _silos.Clear();
        }

        await Task.WhenAll(silos.Select(async silo =>
        {
            await silo.Host.StopAsync(TimeSpan.FromSeconds(10));
            silo.Host.Dispose();
        }));
    }

    private bool IsStable()
    {
        var expected = Silos.Select(s => s.Address).Where(a => a is not null).ToHashSet();
        var views = Silos.Select(s => s.Services.GetRequiredService<ClusterMembershipView>().Current).ToList();
        if (_clientHost is not null)
        {
            views.Add(_clientHost.Services.GetRequiredService<ClusterMembershipView>().Current);
        }

        return views.All(v => v.ActiveSilos.Count == expected.Count && v.ActiveSilos.All(expected.Contains));
    }

    private void Remove(SiloHandle silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
    }

    private Dictionary<string, string?> SiloSettings(string name)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:ClusterId"] = _options.ClusterId,
            ["Silo:ServiceId"] = _options.ServiceId,
            ["Silo:SiloName"] = name,
            ["Endpoints:SiloPort"] = "0",
            ["Endpoints:GatewayPort"] = "0",
            ["Endpoints:AdvertisedAddress"] = "127.0.0.1",
            ["Endpoints:ListenAddress"] = "127.0.0.1",
            ["Cluster:Secret"] = _secret,
        };
        if (_options.ManagementEndpoints && _options.Clustered)
        {
            settings["Endpoints:ManagementPort"] = FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in _configuration)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A port nothing listens on now (the management listener's port must be known before it binds).</summary>
    private static int FreeLoopbackPort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private async Task<SiloHandle> StartSiloAsync(string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SiloSettings(name));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseSilo(silo =>
        {
            silo.AddMemoryGrainStorage(GrainStorageNames.Default, Storage);
            silo.AddMemoryGrainStorage("store", Storage);
            silo.AddMemoryReminderTable(Reminders);
            if (_options.Clustered)
            {
                silo.UseInMemoryClustering(MembershipTable);
            }

            if (_timeProvider is not null)
            {
                silo.UseTimeProvider(_timeProvider);
            }

            foreach (var configure in _siloConfigurations)
            {
                configure(silo);
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        var handle = new SiloHandle(name, host);
        lock (_silos)
        {
            _silos.Add(handle);
        }

        return handle;
    }

    private async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SiloSettings("client"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseClusterClient(client =>
        {
            client.UseInMemoryClustering(MembershipTable);
            if (_timeProvider is not null)
            {
                client.UseTimeProvider(_timeProvider);
            }

            foreach (var configure in _clientConfigurations)
            {
                configure(client);
            }
        });
        _clientHost = builder.Build();
        await _clientHost.StartAsync();
    }
}
