using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Runtime.Client;

/// <summary>
/// A process that calls grains without hosting any (the Api in cluster mode): learns the gateways from the
/// membership table, connects to them, and spreads calls over them.
/// </summary>
internal sealed class ClusterClient : IClusterClient, IHostedService
{
    private readonly IGrainFactory _grainFactory;
    private readonly GatewayMembershipMonitor _monitor;
    private readonly GatewayConnections _gateways;
    private readonly CallTimeoutMonitor _timeouts;
    private readonly ILogger<ClusterClient> _logger;

    public ClusterClient(
        IGrainFactory grainFactory,
        GatewayMembershipMonitor monitor,
        GatewayConnections gateways,
        ClientMessageCenter messageCenter,
        CallTimeoutMonitor timeouts,
        IServiceProvider serviceProvider,
        ILogger<ClusterClient> logger)
    {
        _grainFactory = grainFactory;
        _monitor = monitor;
        _gateways = gateways;
        _timeouts = timeouts;
        _logger = logger;
        ServiceProvider = serviceProvider;
        _ = messageCenter;
    }

    public IServiceProvider ServiceProvider { get; }

    /// <summary>How long start-up waits for an active gateway.</summary>
    public TimeSpan GatewayWaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _timeouts.Start();
        await _monitor.StartAsync(GatewayWaitTimeout, cancellationToken);
        _logger.LogInformation("Cluster client connected to the cluster's membership");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _monitor.DisposeAsync();
        _gateways.Dispose();
        _timeouts.Dispose();
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _grainFactory.GetGrain<TGrainInterface>(grainId);
}
