using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// Connections to remote silos by silo address: opened on demand, reused, re-opened after failures. Messages for
/// a silo without a live connection wait in its backlog while a connection is made; when the silo is declared
/// dead, its backlog is handed back for routing elsewhere, so calls that were never delivered are not lost.
/// Used by silos (to their peers) and by clients (to gateways).
/// </summary>
internal sealed class PeerConnectionPool : IDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, SiloPeer> _peers = new();
    private readonly Func<SiloAddress, (string Host, int Port)?> _endpointOf;
    private readonly Func<HandshakeIdentity> _identity;
    private readonly IConnectionOwner _owner;
    private readonly Action<List<Message>> _reroute;
    private readonly Action<List<Message>, Exception> _fail;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SocketConnector _connector;
    private readonly TransportMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();

    public PeerConnectionPool(
        Func<SiloAddress, (string Host, int Port)?> endpointOf,
        Func<HandshakeIdentity> identity,
        IConnectionOwner owner,
        Action<List<Message>> reroute,
        Action<List<Message>, Exception> fail,
        ClusterOptions options,
        TimeProvider timeProvider,
        TransportMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _metrics = metrics;
        _endpointOf = endpointOf;
        _identity = identity;
        _owner = owner;
        _reroute = reroute;
        _fail = fail;
        _options = options;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<PeerConnectionPool>();
        _connector = new SocketConnector(loggerFactory);
    }

    /// <summary>Raised when a silo is certainly gone (refused, or another generation at its endpoint).</summary>
    public event Action<SiloAddress>? PeerGone;

    /// <summary>Every open connection.</summary>
    public IEnumerable<Connection> Connections => _peers.Values.SelectMany(p => Volatile.Read(ref p.Connections));

    /// <summary>True when a live connection to the silo exists.</summary>
    public bool IsConnected(SiloAddress silo) =>
        _peers.TryGetValue(silo, out var peer) && Array.Exists(Volatile.Read(ref peer.Connections), c => c.IsOpen);

    /// <summary>Sends a message to a silo, queuing it while a connection is made.</summary>
    public void Send(SiloAddress target, Message message)
    {
        var peer = GetPeer(target);
        var item = new OutboundItem(message);
        if (TrySendOnConnection(peer, item))
        {
            return;
        }

        var reroute = false;
        lock (peer.Lock)
        {
            if (peer.Dead)
            {
                reroute = true;
            }
            else if (Array.Find(peer.Connections, static c => c.IsOpen) is { } open)
            {
                // A connection appeared while we took the lock.
                SendOrWait(open, item);
            }
            else
            {
                // Only closed connections are left (they leave the list once their loops end): sending on one fails
                // at once and reroutes here again, which recursed until the stack overflowed while a killed peer was
                // not yet declared dead. Wait for a new connection instead.
                peer.Backlog.Enqueue(message);
                EnsureConnectingLocked(peer);
            }
        }

        if (reroute)
        {
            _reroute([message]);
        }
    }

    /// <summary>Queues a frame on a connection, waiting for room without blocking the caller.</summary>
    public void SendOrWait(Connection connection, OutboundItem item)
    {
        if (!connection.TrySend(item))
        {
            _ = SendWhenRoomAsync(connection, item);
        }
    }

    /// <summary>A live connection to the silo, connecting if there is none.</summary>
    public Task<Connection> GetConnectionAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var peer = GetPeer(silo);
        lock (peer.Lock)
        {
            if (peer.Dead)
            {
                throw new PeerGoneException($"Silo {silo} is dead.");
            }

            foreach (var connection in peer.Connections)
            {
                if (connection.IsOpen)
                {
                    return Task.FromResult(connection);
                }
            }

            EnsureConnectingLocked(peer);
            return peer.Connecting!.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Adds a connection the silo opened to us; false when that silo was declared dead.</summary>
    public bool AddInbound(SiloAddress silo, Connection connection)
    {
        var peer = GetPeer(silo);
        lock (peer.Lock)
        {
            if (peer.Dead)
            {
                return false;
            }

            peer.Connections = [.. peer.Connections, connection];
            return true;
        }
    }

    /// <summary>Forgets a closed connection.</summary>
    public void Remove(Connection connection)
    {
        if (connection.RemoteSilo is { } silo && _peers.TryGetValue(silo, out var peer))
        {
            lock (peer.Lock)
            {
                peer.Connections = Array.FindAll(peer.Connections, c => c != connection);
            }
        }
    }

    /// <summary>
    /// The silo is gone for good: send nothing more to it and return the messages waiting for it. Its connections
    /// close at once after a failure; after a graceful leave they get <paramref name="grace"/> to deliver the
    /// answers still on their way (the leaving silo closes them itself).
    /// </summary>
    public List<Message> OnPeerDead(SiloAddress silo, TimeSpan grace)
    {
        var peer = GetPeer(silo);
        Connection[] connections;
        List<Message> backlog;
        lock (peer.Lock)
        {
            peer.Dead = true;
            connections = peer.Connections;
            peer.Connections = [];
            backlog = [.. peer.Backlog];
            peer.Backlog.Clear();
        }

        foreach (var connection in connections)
        {
            if (grace > TimeSpan.Zero)
            {
                _ = CloseAfterAsync(connection, grace);
            }
            else
            {
                connection.Close("the silo was declared dead");
            }
        }

        return backlog;
    }

    /// <summary>Lets every connection write what is queued on it, then closes them (a graceful leave).</summary>
    public Task CloseGracefullyAsync(TimeSpan timeout) => Task.WhenAll(Connections.ToList().Select(c => c.CloseGracefullyAsync(timeout)));

    /// <summary>Closes every connection at once.</summary>
    public void Abort()
    {
        _stopping.Cancel();
        foreach (var connection in Connections.ToList())
        {
            connection.Close("aborted");
        }
    }

    public void Dispose()
    {
        Abort();
        _connector.Dispose();
    }

    private static async Task CloseAfterAsync(Connection connection, TimeSpan grace)
    {
        await Task.WhenAny(connection.Completion, Task.Delay(grace)).ConfigureAwait(false);
        connection.Close("the silo left and its connection outlived the grace period");
    }

    private SiloPeer GetPeer(SiloAddress address) => _peers.GetOrAdd(address, static a => new SiloPeer(a));

    private bool TrySendOnConnection(SiloPeer peer, OutboundItem item)
    {
        var connections = Volatile.Read(ref peer.Connections);
        if (connections.Length == 0)
        {
            return false;
        }

        var connection = connections.Length == 1
            ? connections[0]
            : connections[(int)((uint)Interlocked.Increment(ref peer.NextConnection) % (uint)connections.Length)];
        if (!connection.IsOpen)
        {
            return false;
        }

        SendOrWait(connection, item);
        return true;
    }

    private async Task SendWhenRoomAsync(Connection connection, OutboundItem item)
    {
        try
        {
            await connection.SendAsync(item, CancellationToken.None);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The connection closed before the message got in, so it was never written: route a request again.
            // A lost response is noticed by its caller, whose connection died too. Yield first, so re-routing
            // never recurses on this stack.
            if (item.Message is { Kind: not MessageKind.Response } message)
            {
                await Task.Yield();
                _reroute([message]);
            }
        }
    }

    private void EnsureConnectingLocked(SiloPeer peer)
    {
        if (peer.Connecting is null && !_stopping.IsCancellationRequested)
        {
            peer.Connecting = ConnectWithRetriesAsync(peer);
            peer.Connecting.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
    }

    private async Task<Connection> ConnectWithRetriesAsync(SiloPeer peer)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var connection = await ConnectOnceAsync(peer.Address);
                List<Message> backlog;
                lock (peer.Lock)
                {
                    peer.FailedAttempts = 0;
                    peer.Connecting = null;
                    if (peer.Dead)
                    {
                        connection.Close("the silo was declared dead");
                        throw new PeerGoneException($"Silo {peer.Address} is dead.");
                    }

                    peer.Connections = [.. peer.Connections, connection];
                    backlog = [.. peer.Backlog];
                    peer.Backlog.Clear();
                }

                foreach (var message in backlog)
                {
                    SendOrWait(connection, new OutboundItem(message));
                }

                return connection;
            }
            catch (Exception exception)
            {
                bool retry;
                List<Message>? refused = null;
                lock (peer.Lock)
                {
                    peer.FailedAttempts++;
                    if (exception is HandshakeRejectedException)
                    {
                        // A wrong secret does not get better with retries: fail what waits for this peer now.
                        refused = [.. peer.Backlog];
                        peer.Backlog.Clear();
                    }

                    retry = !peer.Dead && peer.Backlog.Count > 0 && !_stopping.IsCancellationRequested;
                    if (!retry)
                    {
                        peer.Connecting = null;
                    }
                }

                if (refused is { Count: > 0 })
                {
                    _fail(refused, new SiloUnavailableException($"Silo {peer.Address} refused the connection: {exception.Message}", exception));
                }

                if (exception is PeerGoneException && !peer.Dead)
                {
                    PeerGone?.Invoke(peer.Address);
                }

                if (!retry)
                {
                    throw;
                }

                _logger.LogDebug(exception, "Connecting to {Silo} failed; retrying in {Delay}", peer.Address, delay);
                await Task.Delay(delay, TimeProvider.System);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    private async Task<Connection> ConnectOnceAsync(SiloAddress target)
    {
        var endpoint = _endpointOf(target) ?? throw new PeerGoneException($"Silo {target} has no endpoint to connect to.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        ConnectionContext context;
        try
        {
            context = await _connector.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            throw new PeerGoneException($"Nothing listens at {endpoint.Host}:{endpoint.Port}: {exception.SocketErrorCode}.", exception);
        }

        try
        {
            var result = await ConnectionHandshake.ConnectAsync(context, _identity(), timeout.Token);
            if (!result.Accepted)
            {
                _logger.LogWarning("{Silo} rejected the handshake: {Reason}", target, result.Error);
                throw new HandshakeRejectedException($"the handshake was rejected ({result.Error}); do both sides use the same cluster id and Cluster:Secret?");
            }

            if (result.RemoteSilo != target)
            {
                throw new PeerGoneException($"{endpoint.Host}:{endpoint.Port} is now silo {result.RemoteSilo}, not {target}.");
            }

            var connection = new Connection(context, ConnectionRole.Silo, target, _owner, _timeProvider, _options.SendQueueCapacity, _metrics, _loggerFactory.CreateLogger<Connection>());
            connection.Start();
            return connection;
        }
        catch
        {
            context.Abort();
            await context.DisposeAsync();
            throw;
        }
    }
}
