using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// The Api in memory, with its embedded silo on a SQLite file of its own (deleted on dispose) and a silo port of its own
/// (Orleans cannot listen on port 0). Rate limits are off unless a test sets them; a <see cref="FakeTimeProvider"/>
/// drives the grains' clock when given; every log line is captured. <c>Cluster:Mode=Client</c> in the settings makes it
/// a pure cluster client instead.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleansbackend-api-").FullName;

    // Orleans' own test port allocator: ports from a range of their own, reserved across processes while held.
    private readonly TestClusterPortAllocator _ports = new();
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Action<IServiceCollection>? _configureServices;

    public ApiFactory(FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        Clock = clock;
        _configureServices = configureServices;
        var (siloPort, _) = _ports.AllocateConsecutivePortPairs(1);
        _settings["RateLimiting:Enabled"] = "false";
        _settings["ConnectionStrings:orleans"] = $"Data Source={DatabasePath}";
        _settings["Orleans:ClusterId"] = $"api-test-{Guid.NewGuid():N}";
        _settings["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        _settings["Orleans:Endpoints:GatewayPort"] = "0";
        _settings["Logging:LogLevel:Default"] = "Information";
        _settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        _settings["Logging:LogLevel:Orleans"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public FakeTimeProvider? Clock { get; }

    /// <summary>The embedded silo's SQLite file.</summary>
    public string DatabasePath => Path.Combine(_dataDirectory, "state.db");

    /// <summary>Every log line the host wrote (message and exception text).</summary>
    public CapturedLogs Logs { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _ports.Dispose();
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null)
            {
                services.UseFakeClock(Clock);
            }

            _configureServices?.Invoke(services);
        });
    }
}
