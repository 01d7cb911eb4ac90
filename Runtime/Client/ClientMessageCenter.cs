using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Messaging.Transport;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Client;

/// <summary>
/// Routes a client's calls: each goes to the gateway of the silo that owns its grain (the client computes
/// placement from the same membership view as the silos, so most calls take one hop), or to any live gateway.
/// Calls that were never delivered are re-sent elsewhere; calls lost in flight fail fast.
/// </summary>
internal sealed class ClientMessageCenter : IMessageRouter, ITransportHandler
{
    private readonly PendingCallTable _pendingCalls;
    private readonly GatewayConnections _gateways;
    private readonly GrainPlacement _placement;
    private readonly ClusterMembershipView _view;
    private readonly IServiceProvider _services;
    private ISerializationContext? _serializationContext;
    private readonly GrainTypeNames _grainTypes;
    private readonly ILogger<ClientMessageCenter> _logger;
    private int _nextGateway;

    public ClientMessageCenter(
        PendingCallTable pendingCalls,
        GatewayConnections gateways,
        GrainPlacement placement,
        ClusterMembershipView view,
        GrainManifest manifest,
        IServiceProvider services,
        ILogger<ClientMessageCenter> logger)
    {
        _pendingCalls = pendingCalls;
        _gateways = gateways;
        _placement = placement;
        _view = view;
        _services = services;
        _grainTypes = new GrainTypeNames(manifest.GrainClasses.Keys);
        _logger = logger;
        gateways.Handler = this;
    }

    // Resolved on first use: the grain factory depends on the invoker, which depends on this router.
    private ISerializationContext SerializationContext => _serializationContext ??= _services.GetRequiredService<GrainFactory>();

    public void SendRequest(Message message)
    {
        var gateway = ChooseGateway(message.Target);
        if (gateway is null)
        {
            if (_pendingCalls.TryRemove(message.Id, out _) || message.Kind == MessageKind.OneWay)
            {
                FailPendingCall(message, new SiloUnavailableException("No gateway of the cluster is available: no silo is active."));
            }

            return;
        }

        message.TargetSilo = gateway;
        _gateways.Send(gateway, message);
    }

    public void FailPendingCall(Message message, Exception exception)
    {
        message.CancellationRegistration.Dispose();
        message.Completion?.TrySetException(exception);
    }

    public void OnMessage(Connection connection, ReadOnlySpan<byte> payload)
    {
        var reader = new ValueReader(payload, SerializationContext);
        try
        {
            var header = MessageCodec.ReadHeader(ref reader, _grainTypes);
            if (header.Kind != MessageKind.Response || !header.HasBody || !_pendingCalls.TryRemove(header.Id, out var pending))
            {
                return;
            }

            pending.CancellationRegistration.Dispose();
            pending.Request.CompleteFromResponse(ref reader, pending.Completion!);
        }
        catch (SerializationException exception)
        {
            _logger.LogWarning(exception, "Unreadable message from {Gateway}", connection);
        }
    }

    public void OnConnectionLost(Connection connection, List<Message> unsent)
    {
        var lost = _pendingCalls.RemoveWhere(static (message, c) => message.SentOn == c, connection);
        foreach (var message in lost)
        {
            FailPendingCall(message, new SiloUnavailableException(
                $"The connection to gateway {connection} was lost while {message.Request.Method} on {message.Target} was in flight; it may or may not have run."));
        }

        Reroute(unsent);
    }

    public void Reroute(List<Message> messages)
    {
        foreach (var message in messages)
        {
            message.SentOn = null;
            if (message.Kind == MessageKind.Request && !_pendingCalls.Contains(message.Id))
            {
                continue;
            }

            SendRequest(message);
        }
    }

    public void FailUndeliverable(List<Message> messages, Exception exception)
    {
        foreach (var message in messages)
        {
            if (message.Kind != MessageKind.Request || _pendingCalls.TryRemove(message.Id, out _))
            {
                FailPendingCall(message, exception);
            }
        }
    }

    public void OnSerializationFailed(Connection connection, Message message, Exception exception)
    {
        if (_pendingCalls.TryRemove(message.Id, out _))
        {
            FailPendingCall(message, new SerializationException($"The arguments of {message.Request.Method} could not be serialized: {exception.Message}"));
        }
    }

    public void OnCancel(Connection connection, long callId)
    {
        // Clients run no grains, so nothing here can be cancelled by a silo.
    }

    private SiloAddress? ChooseGateway(GrainId target)
    {
        var snapshot = _view.Current;
        if (_placement.GetOwner(target) is { } owner && snapshot.Get(owner) is { GatewayPort: > 0 })
        {
            return owner;
        }

        var active = snapshot.ActiveSilos;
        for (var i = 0; i < active.Count; i++)
        {
            var candidate = active[(int)((uint)Interlocked.Increment(ref _nextGateway) % (uint)active.Count)];
            if (snapshot.Get(candidate) is { GatewayPort: > 0 })
            {
                return candidate;
            }
        }

        return null;
    }
}
