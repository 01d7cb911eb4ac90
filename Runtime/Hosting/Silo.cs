using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Metadata;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>
/// The silo's lifecycle inside the host: starts the runtime's background services, and on stop deactivates
/// every activation (running OnDeactivateAsync) before the host goes down.
/// </summary>
internal sealed class Silo : IHostedService
{
    private readonly GrainManifest _manifest;
    private readonly ActivationCatalog _catalog;
    private readonly ActivationCollector _collector;
    private readonly CallTimeoutMonitor _timeouts;
    private readonly SiloOptions _options;
    private readonly ClusterSiloRuntime? _cluster;
    private readonly SiloManagementEndpoint? _management;
    private readonly ILogger<Silo> _logger;

    public Silo(
        GrainManifest manifest,
        ActivationCatalog catalog,
        ActivationCollector collector,
        CallTimeoutMonitor timeouts,
        IOptions<SiloOptions> options,
        ILogger<Silo> logger,
        ClusterSiloRuntime? cluster = null,
        SiloManagementEndpoint? management = null)
    {
        _cluster = cluster;
        _management = management;
        _manifest = manifest;
        _catalog = catalog;
        _collector = collector;
        _timeouts = timeouts;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The cluster part of this silo, when it is clustered.</summary>
    public ClusterSiloRuntime? Cluster => _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _timeouts.Start();
        if (_cluster is not null)
        {
            await _cluster.StartAsync(cancellationToken);
        }

        // After the join: starting a web server competes for CPU with the join's connectivity probes, which give up
        // after a second. Metrics count from the start anyway (the collector listens since the silo was created).
        if (_management is not null)
        {
            await _management.StartAsync(cancellationToken);
        }

        _collector.Start();
        _logger.LogInformation(
            "Silo {SiloName} of cluster {ClusterId} started with {GrainClassCount} grain classes",
            _options.SiloName,
            _options.ClusterId,
            _manifest.GrainClasses.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector.Dispose();
        if (_cluster is { IsKilled: true })
        {
            _timeouts.Dispose();
            await StopManagementAsync();
            return;
        }

        if (_cluster is not null)
        {
            await _cluster.BeginLeavingAsync(cancellationToken);
        }

        try
        {
            await _catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Silo {SiloName} stopped before {Count} activations finished deactivating", _options.SiloName, _catalog.Count);
        }

        if (_cluster is not null)
        {
            await _cluster.FinishLeavingAsync(cancellationToken);
        }

        _timeouts.Dispose();
        await StopManagementAsync();
        _logger.LogInformation("Silo {SiloName} stopped", _options.SiloName);
    }

    private async Task StopManagementAsync()
    {
        if (_management is not null)
        {
            await _management.DisposeAsync();
        }
    }
}
