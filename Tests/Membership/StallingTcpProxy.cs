using System.Net;
using System.Net.Sockets;

namespace OrleansBackend.Tests.Membership;

/// <summary>
/// A loopback TCP proxy whose answers can be held back, to play a server that stops answering. Without a target
/// it accepts connections and never answers at all.
/// </summary>
internal sealed class StallingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string? _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _answers = Open();

    /// <param name="target">host:port to forward to, or null for a server that never answers.</param>
    public StallingTcpProxy(string? target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Holds back everything the server sends from now on.</summary>
    public void Stall() => _answers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held-back answers through, and all later ones.</summary>
    public void Resume() => _answers.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Resume();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Track(client);
                if (_target is null)
                {
                    continue;
                }

                var colon = _target.LastIndexOf(':');
                var server = new TcpClient();
                Track(server);
                await server.ConnectAsync(_target[..colon], int.Parse(_target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
                _ = PumpAsync(client, server, gated: false);
                _ = PumpAsync(server, client, gated: true);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool gated)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (gated)
                {
                    await _answers.Task;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One side closed.
        }
        finally
        {
            // Closing the sockets (not just their streams) passes the close on to the other side.
            from.Dispose();
            to.Dispose();
        }
    }

    private void Track(TcpClient socket)
    {
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
    }
}
