using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>
/// A silo's management listener on <c>Endpoints:ManagementPort</c>: a small Kestrel server with
/// <c>GET /metrics</c> (Prometheus text), <c>GET /health/live</c> (200 while the process runs) and
/// <c>GET /health/ready</c> (200 when the silo is active in membership and its default grain storage answers a
/// read, else 503). Off when the port is 0; then no metrics listener runs either.
/// </summary>
internal sealed class SiloManagementEndpoint : IAsyncDisposable
{
    private static readonly TimeSpan StorageProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly IServiceProvider _services;
    private readonly EndpointOptions _endpoints;
    private readonly LocalSiloDetails _local;
    private readonly ClusterMembershipView _view;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SiloManagementEndpoint> _logger;
    private readonly PrometheusMetricsCollector? _collector;
    private WebApplication? _app;

    public SiloManagementEndpoint(
        IServiceProvider services,
        IOptions<EndpointOptions> endpoints,
        LocalSiloDetails local,
        ClusterMembershipView view,
        ILoggerFactory loggerFactory)
    {
        _services = services;
        _endpoints = endpoints.Value;
        _local = local;
        _view = view;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SiloManagementEndpoint>();

        // Created with the silo (before any grain activates) and only when someone will scrape.
        _collector = _endpoints.ManagementPort > 0 ? services.GetRequiredService<PrometheusMetricsCollector>() : null;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_collector is null)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(_endpoints.ListenAddress), _endpoints.ManagementPort);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(_loggerFactory);
        var app = builder.Build();
        app.UseRouting();
        var collector = _collector;
        app.MapGet("/metrics", () => Results.Text(collector.Collect(), PrometheusMetricsCollector.ContentType));
        app.MapGet("/health/live", () => Results.Text("""{"status":"live"}""", "application/json"));
        app.MapGet("/health/ready", ReadyAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException(
                $"The management listener could not bind {_endpoints.ListenAddress}:{_endpoints.ManagementPort} ({exception.Message}); " +
                $"choose another {EndpointOptions.SectionName}:ManagementPort, or 0 for none.",
                exception);
        }

        _app = app;
        _logger.LogInformation("Management listener on {Address}:{Port} (/metrics, /health/live, /health/ready)", _endpoints.ListenAddress, _endpoints.ManagementPort);
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
    }

    private async Task<IResult> ReadyAsync(CancellationToken cancellationToken)
    {
        var membership = _local.HasAddress && _view.Current.IsActive(_local.Address) ? "ok" : "not active in membership";
        var storage = await ProbeStorageAsync(cancellationToken);
        var ready = membership == "ok" && storage == "ok";
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["status"] = ready ? "ready" : "not_ready",
            ["checks"] = new Dictionary<string, string> { ["membership"] = membership, ["storage"] = storage },
        });
        return Results.Text(body, "application/json", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Reads a state nobody writes from the default grain storage: proves the database answers.</summary>
    private async Task<string> ProbeStorageAsync(CancellationToken cancellationToken)
    {
        var storage = _services.GetKeyedService<IGrainStorage>(GrainStorageNames.Default);
        if (storage is null)
        {
            return "ok";
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StorageProbeTimeout);
            await storage.ReadStateAsync("probe", new GrainId("system.health", _local.SiloName), new ProbeState(), timeout.Token).WaitAsync(timeout.Token);
            return "ok";
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Readiness: the default grain storage did not answer ({Reason})", exception.GetType().Name);
            return "storage does not answer";
        }
    }

    private sealed class ProbeState : IGrainState<long>
    {
        public long State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
