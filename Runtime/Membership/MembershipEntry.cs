namespace OrleansBackend.Runtime.Membership;

/// <summary>One row of the membership table: a silo, its status, its heartbeat and the votes against it.</summary>
public sealed record MembershipEntry
{
    /// <summary>The silo (endpoint and generation); the row's key.</summary>
    public required SiloAddress Address { get; init; }

    /// <summary>The silo's configured name (for logs and the dashboard).</summary>
    public required string SiloName { get; init; }

    /// <summary>The silo's status.</summary>
    public required SiloStatus Status { get; init; }

    /// <summary>The port clients connect to, on the same host (0 when the silo is no gateway).</summary>
    public int GatewayPort { get; init; }

    /// <summary>The HTTP port for /metrics and /health (0 when none).</summary>
    public int ManagementPort { get; init; }

    /// <summary>When the silo started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The silo's last heartbeat.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Votes that the silo is dead.</summary>
    public IReadOnlyList<SuspectVote> Suspicions { get; init; } = [];
}
