using System.Net;
using System.Net.Sockets;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Loopback ports that are free now, never the same one twice in this test run.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    /// <summary>A port the operating system just handed out and released.</summary>
    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
