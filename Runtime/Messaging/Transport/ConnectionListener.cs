using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// Accepts connections on one endpoint with Kestrel's socket transport and runs a connection handler for each.
/// </summary>
internal sealed class ConnectionListener : IAsyncDisposable
{
    private readonly IConnectionListener _listener;
    private readonly ConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly Task _acceptLoop;
    private readonly HashSet<ConnectionContext> _live = [];

    private ConnectionListener(IConnectionListener listener, ConnectionHandler handler, ILogger logger)
    {
        _listener = listener;
        _handler = handler;
        _logger = logger;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The endpoint actually bound (with the real port when port 0 was asked for).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.EndPoint;

    public static async Task<ConnectionListener> BindAsync(IPEndPoint endpoint, ConnectionHandler handler, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var factory = new SocketTransportFactory(Options.Create(new SocketTransportOptions { NoDelay = true }), loggerFactory);
        var listener = await factory.BindAsync(endpoint, cancellationToken);
        return new ConnectionListener(listener, handler, loggerFactory.CreateLogger<ConnectionListener>());
    }

    /// <summary>Stops accepting and aborts every connection this listener accepted.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.UnbindAsync();
        ConnectionContext[] live;
        lock (_live)
        {
            live = [.. _live];
        }

        foreach (var connection in live)
        {
            connection.Abort(new ConnectionAbortedException("The listener is stopping."));
        }

        await _acceptLoop;
        await _listener.DisposeAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await _listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (connection is null)
            {
                return;
            }

            _ = RunHandlerAsync(connection);
        }
    }

    private async Task RunHandlerAsync(ConnectionContext connection)
    {
        lock (_live)
        {
            _live.Add(connection);
        }

        try
        {
            await _handler.OnConnectedAsync(connection);
        }
        catch (Exception exception)
        {
            _logger.LogDebug(exception, "Connection from {Remote} ended with an error", connection.RemoteEndPoint);
        }
        finally
        {
            lock (_live)
            {
                _live.Remove(connection);
            }

            await connection.DisposeAsync();
        }
    }
}
