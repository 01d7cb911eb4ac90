namespace OrleansBackend.Runtime.Membership;

/// <summary>One silo's vote that another silo is dead, with when it was cast.</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset Time);
