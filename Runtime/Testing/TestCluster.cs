using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;

namespace OrleansBackend.Runtime.Testing;

/// <summary>
/// An in-process cluster for tests: real silos on the generic host, in-memory storage shared between them,
/// and a client to call grains with.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _siloConfigurations;
    private readonly Dictionary<string, string?> _configuration;
    private readonly TimeProvider? _timeProvider;
    private readonly List<SiloHandle> _silos = [];
    private int _siloCounter;

    internal TestCluster(TestClusterOptions options, Action<ISiloBuilder>[] siloConfigurations, Dictionary<string, string?> configuration, TimeProvider? timeProvider)
    {
        _options = options;
        _siloConfigurations = siloConfigurations;
        _configuration = configuration;
        _timeProvider = timeProvider;
    }

    /// <summary>The cluster's settings.</summary>
    public TestClusterOptions Options => _options;

    /// <summary>The running silos.</summary>
    public IReadOnlyList<SiloHandle> Silos => _silos;

    /// <summary>The first silo.</summary>
    public SiloHandle Primary => _silos.Count > 0 ? _silos[0] : throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>The client tests call grains with.</summary>
    public IClusterClient Client => Primary.Services.GetRequiredService<IClusterClient>();

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory GrainFactory => Client;

    /// <summary>The storage every silo shares as its default (and "store") grain storage.</summary>
    public MemoryGrainStorage Storage { get; } = new();

    /// <summary>Starts the initial silos.</summary>
    public async Task DeployAsync()
    {
        if (_options.InitialSilosCount > 1)
        {
            throw new NotSupportedException("Multi-silo test clusters need clustering, which this runtime build does not have yet.");
        }

        for (var i = 0; i < _options.InitialSilosCount; i++)
        {
            await StartSiloAsync();
        }
    }

    /// <summary>Stops every silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            var host = _silos[i].Host;
            await host.StopAsync(TimeSpan.FromSeconds(10));
            host.Dispose();
        }

        _silos.Clear();
    }

    private async Task<SiloHandle> StartSiloAsync()
    {
        var name = $"silo-{_siloCounter++}";
        var settings = new Dictionary<string, string?>(_configuration, StringComparer.OrdinalIgnoreCase)
        {
            ["Silo:ClusterId"] = _options.ClusterId,
            ["Silo:ServiceId"] = _options.ServiceId,
            ["Silo:SiloName"] = name,
        };
        foreach (var (key, value) in _configuration)
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseSilo(silo =>
        {
            silo.AddMemoryGrainStorage(GrainStorageNames.Default, Storage);
            silo.AddMemoryGrainStorage("store", Storage);
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
        _silos.Add(handle);
        return handle;
    }
}
