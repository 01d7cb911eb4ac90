using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// A silo's connections: to and from other silos (a <see cref="PeerConnectionPool"/>, used in both directions),
/// and from clients on the gateway port. Inbound connections must prove the cluster secret first. Answers probes
/// and hands gossip to the membership service.
/// </summary>
internal sealed class SiloConnectionManager : IConnectionOwner, IDisposable
{
    private static readonly TimeSpan LeaveGrace = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Connection, byte> _clients = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _probes = new();
    private readonly HashSet<Connection> _awaitingAcknowledgement = [];
    private volatile bool _leaving;
    private readonly LocalSiloDetails _local;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SiloConnectionManager> _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly PeerConnectionPool _silos;
    private readonly TransportMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private HandshakeIdentity? _identity;
    private long _probeCounter;

    public SiloConnectionManager(LocalSiloDetails local, IOptions<ClusterOptions> options, TimeProvider timeProvider, TransportMetrics metrics, ILoggerFactory loggerFactory)
    {
        _metrics = metrics;
        _local = local;
        _options = options.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SiloConnectionManager>();
        _silos = new PeerConnectionPool(static silo => (silo.Host, silo.Port), Identity, this, Reroute, (messages, exception) => Handler?.FailUndeliverable(messages, exception), _options, timeProvider, metrics, loggerFactory);
        _silos.PeerGone += silo => PeerGone?.Invoke(silo);
    }

    /// <summary>Receives messages and connection losses; set before the listeners start.</summary>
    public ITransportHandler? Handler { get; set; }

    /// <summary>Raised when gossip says the membership table changed.</summary>
    public event Action? MembershipChangeSignaled;

    /// <summary>Raised when a silo is certainly gone (refused, or another generation at its endpoint).</summary>
    public event Action<SiloAddress>? PeerGone;

    /// <summary>Raised when a peer silo says it is leaving, before this silo acknowledges.</summary>
    public event Action<SiloAddress>? PeerLeaving;

    /// <summary>
    /// True once every client and silo told this silo is leaving confirmed it sends nothing more (or its connection
    /// closed); a client that connects while the silo is leaving is told at once.
    /// </summary>
    public bool AllPeersAcknowledgedLeaving
    {
        get
        {
            lock (_awaitingAcknowledgement)
            {
                _awaitingAcknowledgement.RemoveWhere(c => !c.IsOpen);
                return _awaitingAcknowledgement.Count == 0;
            }
        }
    }

    public int ClientCount => _clients.Count;

    /// <summary>Sends a message to a silo, queuing it while a connection is made.</summary>
    public void Send(SiloAddress target, Message message) => _silos.Send(target, message);

    /// <summary>Probes a silo: connects if needed, sends a ping and waits for its pong.</summary>
    public async Task<ProbeOutcome> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _probeCounter);
        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = answered;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            deadline.CancelAfter(timeout);
            var connection = await _silos.GetConnectionAsync(target, deadline.Token);
            if (!connection.TrySend(new OutboundItem(FrameType.Ping, id)))
            {
                await connection.SendAsync(new OutboundItem(FrameType.Ping, id), deadline.Token);
            }

            await answered.Task.WaitAsync(deadline.Token);
            return ProbeOutcome.Answered;
        }
        catch (PeerGoneException)
        {
            return ProbeOutcome.Gone;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException
            or ConnectionResetException or ConnectionAbortedException or InvalidDataException or System.Threading.Channels.ChannelClosedException)
        {
            return ProbeOutcome.TimedOut;
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a control frame to every connected silo (gossip).</summary>
    public void BroadcastToSilos(FrameType type, long value)
    {
        foreach (var connection in _silos.Connections)
        {
            connection.TrySend(new OutboundItem(type, value));
        }
    }

    /// <summary>Tells every client (now and later) and every connected silo that this silo is leaving, so they route elsewhere.</summary>
    public void BeginLeaving()
    {
        _leaving = true;
        foreach (var client in _clients.Keys)
        {
            TellLeaving(client);
        }

        foreach (var connection in _silos.Connections)
        {
            TellLeaving(connection);
        }
    }

    /// <summary>The silo is dead: drop its connections and route its waiting messages elsewhere.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="leftGracefully">True when it went through ShuttingDown: its last answers may still be arriving.</param>
    public void OnSiloDead(SiloAddress silo, bool leftGracefully)
    {
        var backlog = _silos.OnPeerDead(silo, leftGracefully ? LeaveGrace : TimeSpan.Zero);
        if (backlog.Count > 0)
        {
            Reroute(backlog);
        }
    }

    /// <summary>Lets every connection write what is queued, then closes it (a silo leaving gracefully).</summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        await Task.WhenAll(_clients.Keys.ToList().Select(c => c.CloseGracefullyAsync(timeout)).Append(_silos.CloseGracefullyAsync(timeout)));
        Abort();
    }

    /// <summary>Closes every connection at once (a killed silo: no goodbye).</summary>
    public void Abort()
    {
        _stopping.Cancel();
        _silos.Abort();
        foreach (var client in _clients.Keys)
        {
            client.Close("aborted");
        }
    }

    public void Dispose()
    {
        Abort();
        _silos.Dispose();
    }

    /// <summary>The handler for the silo port: only silos that prove the cluster secret get in.</summary>
    public ConnectionHandler CreateSiloPortHandler() => new InboundConnectionHandler(this, ConnectionRole.Silo);

    /// <summary>The handler for the gateway port: only clients that prove the cluster secret get in.</summary>
    public ConnectionHandler CreateGatewayPortHandler() => new InboundConnectionHandler(this, ConnectionRole.Client);

    void IConnectionOwner.OnMessage(Connection connection, ReadOnlySpan<byte> payload) => Handler?.OnMessage(connection, payload);

    void IConnectionOwner.OnControl(Connection connection, FrameType type, long value)
    {
        switch (type)
        {
            case FrameType.Ping:
                connection.TrySend(new OutboundItem(FrameType.Pong, value));
                break;
            case FrameType.Pong:
                if (_probes.TryGetValue(value, out var probe))
                {
                    probe.TrySetResult(true);
                }

                break;
            case FrameType.MembershipChanged:
                MembershipChangeSignaled?.Invoke();
                break;
            case FrameType.Cancel:
                Handler?.OnCancel(connection, value);
                break;
            case FrameType.ShuttingDown:
                if (connection.RemoteSilo is { } leaving)
                {
                    PeerLeaving?.Invoke(leaving);
                }

                MembershipChangeSignaled?.Invoke();
                connection.TrySend(new OutboundItem(FrameType.ShuttingDownAcknowledged, value));
                break;
            case FrameType.ShuttingDownAcknowledged:
                lock (_awaitingAcknowledgement)
                {
                    _awaitingAcknowledgement.Remove(connection);
                }

                break;
        }
    }

    void IConnectionOwner.OnSerializationFailed(Connection connection, Message message, Exception exception) =>
        Handler?.OnSerializationFailed(connection, message, exception);

    void IConnectionOwner.OnRefused(Connection connection, Message message) => _ = RerouteLaterAsync(message);

    void IConnectionOwner.OnClosed(Connection connection, List<Message> unsent)
    {
        if (connection.RemoteRole == ConnectionRole.Client)
        {
            _clients.TryRemove(connection, out _);
        }
        else
        {
            _silos.Remove(connection);
        }

        Handler?.OnConnectionLost(connection, unsent);
    }

    private async Task RerouteLaterAsync(Message message)
    {
        // Off the send loop's thread: routing may queue on this very connection's peers.
        await Task.Yield();
        Handler?.Reroute([message]);
    }

    private void TellLeaving(Connection client)
    {
        lock (_awaitingAcknowledgement)
        {
            if (!_awaitingAcknowledgement.Add(client))
            {
                return;
            }
        }

        client.TrySend(new OutboundItem(FrameType.ShuttingDown, 0));
    }

    private HandshakeIdentity Identity() =>
        _identity ??= new HandshakeIdentity(_local.ClusterId, ClusterSecret.Bytes(_options), ConnectionRole.Silo, _local.Address);

    private void Reroute(List<Message> messages) => Handler?.Reroute(messages);

    private async Task AcceptAsync(ConnectionContext context, ConnectionRole expectedRole)
    {
        HandshakeResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            result = await ConnectionHandshake.AcceptAsync(context, Identity(), timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidDataException or IOException or ConnectionResetException)
        {
            _logger.LogWarning("Dropped connection from {Remote}: the handshake did not complete ({Reason})", context.RemoteEndPoint, exception.Message);
            return;
        }

        if (!result.Accepted || result.RemoteRole != expectedRole)
        {
            _logger.LogWarning(
                "Dropped connection from {Remote}: handshake refused ({Reason})",
                context.RemoteEndPoint,
                result.Accepted ? $"a {result.RemoteRole} may not use the {expectedRole} port" : result.Error);
            return;
        }

        var connection = new Connection(context, result.RemoteRole, result.RemoteSilo, this, _timeProvider, _options.SendQueueCapacity, _metrics, _loggerFactory.CreateLogger<Connection>());
        if (result.RemoteSilo is { } silo)
        {
            if (!_silos.AddInbound(silo, connection))
            {
                _logger.LogWarning("Dropped connection from silo {Silo}: it was declared dead", silo);
                return;
            }
        }
        else
        {
            _clients[connection] = 0;
        }

        connection.Start();
        if (result.RemoteSilo is null && _leaving)
        {
            TellLeaving(connection);
        }

        await connection.Completion;
    }

    private sealed class InboundConnectionHandler : ConnectionHandler
    {
        private readonly SiloConnectionManager _owner;
        private readonly ConnectionRole _role;

        public InboundConnectionHandler(SiloConnectionManager owner, ConnectionRole role)
        {
            _owner = owner;
            _role = role;
        }

        public override Task OnConnectedAsync(ConnectionContext connection) => _owner.AcceptAsync(connection, _role);
    }
}
