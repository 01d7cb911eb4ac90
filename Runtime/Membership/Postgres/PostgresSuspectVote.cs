namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>How a <see cref="SuspectVote"/> is stored in the <c>suspicions</c> JSON column.</summary>
internal sealed record PostgresSuspectVote(string Voter, DateTimeOffset Time);
