using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>Opens outbound TCP connections and wraps them in Kestrel's socket connection (pipes over the socket).</summary>
internal sealed class SocketConnector : IDisposable
{
    private readonly SocketConnectionContextFactory _factory;

    public SocketConnector(ILoggerFactory loggerFactory)
    {
        _factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), loggerFactory.CreateLogger<SocketConnector>());
    }

    /// <summary>Connects; throws <see cref="SocketException"/> (refused, unreachable) or <see cref="OperationCanceledException"/> (timed out).</summary>
    public async Task<ConnectionContext> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IPAddress.TryParse(host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(host, port, cancellationToken);
            }

            return _factory.Create(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _factory.Dispose();
}
