using System.Net;
using System.Net.Sockets;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a real server, for outages: <see cref="Stop"/> resets every open connection and
/// refuses new ones (what a client sees when the server goes down); <see cref="Start"/> listens again on the same port.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private TcpProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    /// <summary>The port the proxy listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Starts a proxy to <paramref name="target"/> on a free loopback port.</summary>
    public static TcpProxy StartTo(IPEndPoint target)
    {
        var proxy = new TcpProxy(target, 0);
        proxy.Start();
        return proxy;
    }

    /// <summary>Listens (again) and forwards every new connection to the target.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _accepting = AcceptAsync(listener);
        }
    }

    /// <summary>Stops listening and resets every connection through the proxy.</summary>
    public void Stop()
    {
        TcpClient[] open;
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            open = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in open)
        {
            Reset(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting;
    }

    private static void Reset(TcpClient connection)
    {
        try
        {
            // Linger 0: close with RST, as a dead server's host answers, and leave nothing in TIME_WAIT. A connection
            // its pump has just disposed (the other side closed) has no socket any more.
            if (connection.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        connection.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_lock)
        {
            if (_listener is null)
            {
                Reset(inbound);
                outbound.Dispose();
                return;
            }

            _connections.Add(inbound);
            _connections.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_target);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(CopyAsync(a, b), CopyAsync(b, a));
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // One side went away.
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(inbound);
                _connections.Remove(outbound);
            }

            Reset(inbound);
            Reset(outbound);
        }
    }

    private static async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
            // Ends the pair.
        }
    }
}
