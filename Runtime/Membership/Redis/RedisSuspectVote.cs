namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>How a <see cref="SuspectVote"/> is stored inside a <see cref="RedisMembershipRow"/>.</summary>
internal sealed record RedisSuspectVote(string Voter, DateTimeOffset Time);
