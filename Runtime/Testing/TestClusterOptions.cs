namespace OrleansBackend.Runtime.Testing;

/// <summary>Settings of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>
    /// True for a real cluster: silos talk over loopback TCP, share an in-memory membership table, and the client
    /// calls through gateways. False runs one silo with no transport and an in-process client. Defaults to true
    /// when more than one silo is asked for.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>
    /// Gives every clustered silo a management listener (<c>/metrics</c>, <c>/health/*</c>) on a free loopback
    /// port (see <see cref="SiloHandle.ManagementUri"/>). Off by default, so silos run no metrics listener.
    /// </summary>
    public bool ManagementEndpoints { get; set; }

    /// <summary>The cluster id (unique per test cluster by default).</summary>
    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}"[..17];

    /// <summary>The service id.</summary>
    public string ServiceId { get; set; } = "test";
}
