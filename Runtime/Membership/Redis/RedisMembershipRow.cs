namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>
/// How a membership row is stored in the cluster's hash (JSON). <see cref="Etag"/> is the table version that wrote
/// the row; the heartbeat lives in a separate field so the stored row only changes on conditional writes.
/// </summary>
internal sealed record RedisMembershipRow(
    long Etag,
    string Address,
    string SiloName,
    SiloStatus Status,
    int GatewayPort,
    int ManagementPort,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<RedisSuspectVote> Suspicions)
{
    public static RedisMembershipRow FromEntry(MembershipEntry entry, long etag) => new(
        etag,
        entry.Address.ToParsableString(),
        entry.SiloName,
        entry.Status,
        entry.GatewayPort,
        entry.ManagementPort,
        entry.StartTime,
        entry.IAmAliveTime,
        entry.Suspicions.Select(v => new RedisSuspectVote(v.Voter.ToParsableString(), v.Time)).ToList());

    public MembershipEntry ToEntry(DateTimeOffset? heartbeat) => new()
    {
        Address = SiloAddress.Parse(Address),
        SiloName = SiloName,
        Status = Status,
        GatewayPort = GatewayPort,
        ManagementPort = ManagementPort,
        StartTime = StartTime,
        IAmAliveTime = heartbeat ?? IAmAliveTime,
        Suspicions = Suspicions.Select(v => new SuspectVote(SiloAddress.Parse(v.Voter), v.Time)).ToList(),
    };
}
