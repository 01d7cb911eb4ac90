namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// Failure detection and membership timing (configuration section <c>Membership</c>). With the defaults a
/// SIGKILLed silo is declared dead within about a second (its connections reset and a refused reconnect is
/// certain evidence), and a silo that stops answering (paused, partitioned) within about five seconds: three
/// overlapping probes a second apart must time out, and enough live silos must vote.
/// </summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Membership";

    /// <summary>How often each silo probes its monitored peers.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed (probes overlap; a slow one does not delay the next).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive missed probes before a silo votes its peer dead (a refused connection counts as certain at once).</summary>
    public int MissedProbesLimit { get; set; } = 3;

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
