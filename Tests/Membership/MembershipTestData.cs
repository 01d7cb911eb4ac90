using System.Net;
using System.Net.Sockets;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Tests.Membership;

/// <summary>Rows, comparisons and ports for the membership table tests.</summary>
internal static class MembershipTestData
{
    /// <summary>A fixed time with milliseconds (every provider keeps at least microseconds).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, 123, TimeSpan.Zero);

    public static SiloAddress Address(int port) => new("127.0.0.1", port, 1_795_000_000_000 + port);

    public static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Active, DateTimeOffset? iAmAlive = null) => new()
    {
        Address = Address(port),
        SiloName = $"silo-{port}",
        Status = status,
        GatewayPort = port + 1000,
        ManagementPort = port + 2000,
        StartTime = T0,
        IAmAliveTime = iAmAlive ?? T0,
    };

    public static MembershipTableRow Row(MembershipTableSnapshot snapshot, SiloAddress address) =>
        Assert.Single(snapshot.Entries, r => r.Entry.Address == address);

    /// <summary>Compares every field (the record's own equality compares the suspicion list by reference).</summary>
    public static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.GatewayPort, actual.GatewayPort);
        Assert.Equal(expected.ManagementPort, actual.ManagementPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }

    /// <summary>A loopback port nothing listens on (bound once by us, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
