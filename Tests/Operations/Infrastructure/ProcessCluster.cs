using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// A cluster as an operator runs it, in real processes: silos from the Silo binary with their shipped
/// appsettings.json (Redis membership, PostgreSQL state and reminders) and Apis from the Api binary as pure cluster
/// clients, all on loopback, on mutual TLS with certificates of the test CA. Each cluster has its own cluster id (so the shared test Redis keeps clusters apart), its
/// own database and its own folder.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<BackendProcess> _silos = [];
    private readonly List<BackendProcess> _apis = [];
    private readonly IReadOnlyDictionary<string, string?> _siloSettings;
    private readonly IReadOnlyDictionary<string, string?> _apiSettings;

    private ProcessCluster(TestDatabase database, DirectoryInfo directory, IReadOnlyDictionary<string, string?>? siloSettings, IReadOnlyDictionary<string, string?>? apiSettings)
    {
        Database = database;
        Directory = directory;
        ClusterId = "ops-" + Guid.NewGuid().ToString("N")[..10];
        _siloSettings = siloSettings ?? new Dictionary<string, string?>();
        _apiSettings = apiSettings ?? new Dictionary<string, string?>();
    }

    /// <summary>The cluster's id in membership.</summary>
    public string ClusterId { get; }

    /// <summary>The silos' database.</summary>
    public TestDatabase Database { get; }

    /// <summary>The cluster's working folder.</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>The silo processes started so far (killed ones included).</summary>
    public IReadOnlyList<BackendProcess> Silos => _silos;

    /// <summary>The Api processes started so far.</summary>
    public IReadOnlyList<BackendProcess> Apis => _apis;

    /// <summary>Every process's output, for failure messages.</summary>
    public string Tails() => string.Join('\n', _silos.Concat(_apis).Select(p => p.Tail(15)));

    /// <summary>
    /// Starts <paramref name="silos"/> silos and <paramref name="apis"/> Apis and waits until all are ready;
    /// <paramref name="siloSettings"/> and <paramref name="apiSettings"/> add configuration keys (as environment variables).
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(
        int silos,
        int apis,
        IReadOnlyDictionary<string, string?>? siloSettings = null,
        IReadOnlyDictionary<string, string?>? apiSettings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var cluster = new ProcessCluster(database, System.IO.Directory.CreateTempSubdirectory("orleansbackend-ops-"), siloSettings, apiSettings);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync();
            }

            for (var i = 0; i < apis; i++)
            {
                await cluster.StartApiAsync();
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts one more silo (named silo-N) and waits until it is ready.</summary>
    public async Task<BackendProcess> StartSiloAsync()
    {
        var name = $"silo-{_silos.Count}";
        var settings = new Dictionary<string, string?>(TestCertificateAuthority.Cluster.Settings())
        {
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:Name"] = name,
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:orleans"] = Database.ConnectionString,
            ["ConnectionStrings:redis"] = TestServers.Redis,
        };
        foreach (var (key, value) in _siloSettings)
        {
            settings[key] = value;
        }

        var silo = BackendProcess.Start(name, BackendExecutables.Silo, settings, Directory.FullName);
        _silos.Add(silo);
        await silo.WaitReadyAsync();
        return silo;
    }

    /// <summary>Starts one more Api (a pure cluster client, named api-N) and waits until it is ready.</summary>
    public async Task<BackendProcess> StartApiAsync()
    {
        var name = $"api-{_apis.Count}";
        var settings = new Dictionary<string, string?>(TestCertificateAuthority.Cluster.Settings())
        {
            ["Cluster:Mode"] = "Client",
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ConnectionName"] = "redis",
            ["ConnectionStrings:redis"] = TestServers.Redis,
        };
        foreach (var (key, value) in _apiSettings)
        {
            settings[key] = value;
        }

        var api = BackendProcess.Start(name, BackendExecutables.Api, settings, Directory.FullName);
        _apis.Add(api);
        await api.WaitReadyAsync();
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _apis.Concat(_silos))
        {
            await process.DisposeAsync();
        }

        await Database.DisposeAsync();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file a dying process still held; the temporary folder is cleaned eventually.
        }
    }
}
