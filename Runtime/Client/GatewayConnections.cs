using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Client;

/// <summary>A client's connections to the gateways of the cluster, one pool entry per silo.</summary>
internal sealed class GatewayConnections : IConnectionOwner, IDisposable
{
    private readonly PeerConnectionPool _gateways;
    private readonly ClusterMembershipView _view;
    private readonly HandshakeIdentity _identity;

    public GatewayConnections(ClusterMembershipView view, IOptions<SiloOptions> silo, IOptions<ClusterOptions> options, TimeProvider timeProvider, TransportMetrics metrics, ILoggerFactory loggerFactory)
    {
        _view = view;
        _identity = new HandshakeIdentity(silo.Value.ClusterId, ClusterSecret.Bytes(options.Value), ConnectionRole.Client, null);
        _gateways = new PeerConnectionPool(GatewayEndpoint, () => _identity, this, messages => Handler?.Reroute(messages), (messages, exception) => Handler?.FailUndeliverable(messages, exception), options.Value, timeProvider, metrics, loggerFactory);
    }

    /// <summary>Receives responses and connection losses.</summary>
    public ITransportHandler? Handler { get; set; }

    /// <summary>Raised when a gateway says it is stopping, or a gateway connection drops.</summary>
    public event Action? GatewayLeaving;

    /// <summary>Raised with the silo whose gateway said it is stopping, before it is acknowledged.</summary>
    public event Action<SiloAddress>? GatewayStopping;

    public void Send(SiloAddress gateway, Message message) => _gateways.Send(gateway, message);

    public bool IsConnected(SiloAddress gateway) => _gateways.IsConnected(gateway);

    public void OnSiloDead(SiloAddress silo, bool leftGracefully)
    {
        var backlog = _gateways.OnPeerDead(silo, leftGracefully ? TimeSpan.FromSeconds(5) : TimeSpan.Zero);
        if (backlog.Count > 0)
        {
            Handler?.Reroute(backlog);
        }
    }

    public void Dispose() => _gateways.Dispose();

    void IConnectionOwner.OnMessage(Connection connection, ReadOnlySpan<byte> payload) => Handler?.OnMessage(connection, payload);

    void IConnectionOwner.OnControl(Connection connection, FrameType type, long value)
    {
        if (type == FrameType.ShuttingDown)
        {
            // Stop routing to it first, then confirm on the same connection: the confirmation follows every
            // request already sent, so the gateway knows when nothing more will come.
            if (connection.RemoteSilo is { } silo)
            {
                GatewayStopping?.Invoke(silo);
            }

            connection.TrySend(new OutboundItem(FrameType.ShuttingDownAcknowledged, value));
            GatewayLeaving?.Invoke();
        }
        else if (type == FrameType.Ping)
        {
            connection.TrySend(new OutboundItem(FrameType.Pong, value));
        }
    }

    void IConnectionOwner.OnRefused(Connection connection, Message message) => _ = RerouteLaterAsync(message);

    void IConnectionOwner.OnSerializationFailed(Connection connection, Message message, Exception exception) =>
        Handler?.OnSerializationFailed(connection, message, exception);

    void IConnectionOwner.OnClosed(Connection connection, List<Message> unsent)
    {
        _gateways.Remove(connection);
        Handler?.OnConnectionLost(connection, unsent);
        GatewayLeaving?.Invoke();
    }

    private async Task RerouteLaterAsync(Message message)
    {
        await Task.Yield();
        Handler?.Reroute([message]);
    }

    private (string Host, int Port)? GatewayEndpoint(SiloAddress silo) =>
        _view.Current.Get(silo) is { GatewayPort: > 0 } entry ? (silo.Host, entry.GatewayPort) : null;
}
