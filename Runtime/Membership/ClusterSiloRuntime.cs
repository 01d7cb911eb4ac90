using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Messaging.Transport;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// The clustered part of a silo's life: binds the silo and gateway ports, joins membership, reacts to membership
/// changes (drops dead silos' connections, hands over grains this silo no longer owns), leaves gracefully — or
/// stops dead when killed or declared dead.
/// </summary>
internal sealed class ClusterSiloRuntime : IAsyncDisposable
{
    private readonly LocalSiloDetails _local;
    private readonly SiloConnectionManager _connections;
    private readonly MembershipService _membership;
    private readonly ClusterMembershipView _view;
    private readonly GrainPlacement _placement;
    private readonly ActivationCatalog _catalog;
    private readonly MessageCenter _messageCenter;
    private readonly PendingCallTable _pendingCalls;
    private readonly EndpointOptions _endpoints;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ClusterSiloRuntime> _logger;
    private ConnectionListener? _siloListener;
    private ConnectionListener? _gatewayListener;
    private int _killed;

    public ClusterSiloRuntime(
        LocalSiloDetails local,
        SiloConnectionManager connections,
        MembershipService membership,
        ClusterMembershipView view,
        GrainPlacement placement,
        ActivationCatalog catalog,
        MessageCenter messageCenter,
        PendingCallTable pendingCalls,
        IOptions<EndpointOptions> endpoints,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IHostApplicationLifetime? lifetime = null)
    {
        _local = local;
        _connections = connections;
        _membership = membership;
        _view = view;
        _placement = placement;
        _catalog = catalog;
        _messageCenter = messageCenter;
        _pendingCalls = pendingCalls;
        _endpoints = endpoints.Value;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterSiloRuntime>();
    }

    public bool IsKilled => Volatile.Read(ref _killed) != 0;

    /// <summary>Binds the ports and joins the cluster.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listen = IPAddress.Parse(_endpoints.ListenAddress);
        _siloListener = await ConnectionListener.BindAsync(new IPEndPoint(listen, _endpoints.SiloPort), _connections.CreateSiloPortHandler(), _loggerFactory, cancellationToken);
        var gatewayPort = 0;
        if (_endpoints.GatewayPort >= 0)
        {
            _gatewayListener = await ConnectionListener.BindAsync(new IPEndPoint(listen, _endpoints.GatewayPort), _connections.CreateGatewayPortHandler(), _loggerFactory, cancellationToken);
            gatewayPort = _gatewayListener.Endpoint.Port;
        }

        var now = _timeProvider.GetUtcNow();
        _local.Bind(new SiloAddress(_endpoints.AdvertisedAddress, _siloListener.Endpoint.Port, now.ToUnixTimeMilliseconds()), gatewayPort, now);
        _ = _messageCenter;
        _view.Changed += OnViewChanged;
        _membership.DeclaredDead += OnDeclaredDead;

        await _membership.JoinAsync(cancellationToken);
    }

    /// <summary>First step of a graceful stop: tell everyone to route elsewhere.</summary>
    public async Task BeginLeavingAsync(CancellationToken cancellationToken)
    {
        if (IsKilled)
        {
            return;
        }

        await _membership.BeginLeavingAsync(cancellationToken);
        _connections.BeginLeaving();

        // See ourselves as leaving at once, so requests that still arrive are passed on to the new owners.
        await _membership.RefreshAsync(cancellationToken);
    }

    /// <summary>Last step of a graceful stop: let relayed calls finish, go Dead, close everything.</summary>
    public async Task FinishLeavingAsync(CancellationToken cancellationToken)
    {
        if (IsKilled)
        {
            return;
        }

        await DrainAsync(cancellationToken);

        // Answers relayed at the last moment may still be queued: write them and close the connections before the
        // table says Dead, because a peer that reads Dead drops its connection to us at once.
        await _connections.CloseGracefullyAsync(TimeSpan.FromSeconds(2));
        try
        {
            await _membership.LeaveAsync(cancellationToken);
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>
    /// Before closing: clients confirmed they send nothing more (or a few seconds passed), no request arrived for a
    /// moment (silos with an older view may still send some), and every call this silo passed on was answered.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var frequency = _timeProvider.TimestampFrequency;
        var deadline = _timeProvider.GetTimestamp() + (5 * frequency);
        var quiet = frequency / 5;
        while (!cancellationToken.IsCancellationRequested && _timeProvider.GetTimestamp() < deadline)
        {
            var now = _timeProvider.GetTimestamp();
            if (_connections.AllPeersAcknowledgedLeaving && _pendingCalls.Count == 0 && _messageCenter.RelaysInFlight == 0 && now - _messageCenter.LastIncomingRequest > quiet)
            {
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogWarning("Silo {Silo} stops with {Pending} calls still waiting for an answer", _local.Address, _pendingCalls.Count);
    }

    /// <summary>Stops at once without telling anyone: what SIGKILL does to a real silo.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        await _membership.StopLoopsAsync();
        await CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _membership.DisposeAsync();
        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        _view.Changed -= OnViewChanged;
        _connections.Abort();
        if (_gatewayListener is not null)
        {
            await _gatewayListener.DisposeAsync();
            _gatewayListener = null;
        }

        if (_siloListener is not null)
        {
            await _siloListener.DisposeAsync();
            _siloListener = null;
        }
    }

    private void OnViewChanged(ClusterMembershipSnapshot previous, ClusterMembershipSnapshot current)
    {
        foreach (var member in previous.Members)
        {
            if (member.Status != SiloStatus.Dead && current.IsDeadOrUnknown(member.Address) && member.Address != _local.Address)
            {
                _logger.LogInformation("Silo {Silo} left the cluster", member.Address);
                _connections.OnSiloDead(member.Address, leftGracefully: member.Status == SiloStatus.ShuttingDown);
            }
        }

        // Hand over activations whose grains another silo owns now; their waiting requests follow them.
        if (current.ActiveSilos.Count > 0)
        {
            _catalog.DeactivateWhere(
                grainId => _placement.GetOwner(grainId) is { } owner && owner != _local.Address,
                new DeactivationReason(DeactivationReasonCode.PlacementChanged, "Another silo owns the grain now."));
        }
    }

    private void OnDeclaredDead(string reason)
    {
        _ = Task.Run(async () =>
        {
            await KillAsync();
            _logger.LogCritical("Silo {Silo} stopped: {Reason}", _local.Address, reason);
            _lifetime?.StopApplication();
        });
    }
}
