using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Test clusters for the operations tests, which are about what operators see, not about detection speed.</summary>
public static class LoadTolerantCluster
{
    /// <summary>
    /// A builder whose silos allow a probe five seconds. Silos that join together vote each other dead after one slow
    /// probe while none is active yet, and on a loaded two-core machine a cold handshake can take longer than the
    /// default second. A killed silo is still detected at once (its port refuses connections).
    /// </summary>
    public static TestClusterBuilder Builder(int silos) =>
        new TestClusterBuilder(silos).WithConfiguration("Membership:ProbeTimeout", "00:00:05");
}
