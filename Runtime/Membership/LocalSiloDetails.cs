namespace OrleansBackend.Runtime.Membership;

/// <summary>This silo's identity in the cluster, known once its listeners are bound.</summary>
internal sealed class LocalSiloDetails
{
    private SiloAddress? _address;

    public required string SiloName { get; init; }

    public required string ClusterId { get; init; }

    public required string ServiceId { get; init; }

    /// <summary>The management listener's HTTP port, published in the membership row (0 when there is none).</summary>
    public int ManagementPort { get; init; }

    /// <summary>The silo's address (endpoint and generation).</summary>
    public SiloAddress Address => _address ?? throw new InvalidOperationException("The silo has not bound its endpoints yet.");

    public bool HasAddress => _address is not null;

    public int GatewayPort { get; private set; }

    public DateTimeOffset StartTime { get; private set; }

    public void Bind(SiloAddress address, int gatewayPort, DateTimeOffset startTime)
    {
        _address = address;
        GatewayPort = gatewayPort;
        StartTime = startTime;
    }
}
