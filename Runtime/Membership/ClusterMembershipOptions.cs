namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// Failure detection and membership timing (configuration section <c>Membership</c>). The defaults declare a
/// SIGKILLed silo dead within a few seconds: a refused connection counts as certain failure, a probe that times
/// out needs a second miss, and a silo becomes dead when enough live silos voted.
/// </summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Membership";

    /// <summary>How often each silo probes its monitored peers.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes before a silo votes its peer dead.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>How many peers each silo probes (its successors on a ring of silos).</summary>
    public int ProbedSilos { get; set; } = 3;

    /// <summary>Votes needed to declare a silo dead (fewer when fewer silos are alive to vote).</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>How long a vote counts.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its heartbeat to the table.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo re-reads the table (changes also spread by gossip at once).</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a joining silo keeps trying to reach the active silos before it gives up.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long dead silos' rows stay in the table.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
}
