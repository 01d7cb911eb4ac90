using System.Net;
using System.Net.Sockets;

namespace OrleansBackend.Bench.Processes;

/// <summary>
/// Loopback ports nobody listens on now, asked of the kernel (port 0), so in-process silos never collide with another
/// silo on this machine (Orleans' defaults 11111/30000 are taken as soon as two runs overlap).
/// </summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct free ports.</summary>
    public static int[] Take(int count)
    {
        // Hold every listener until all are chosen, so the kernel cannot hand out the same port twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
