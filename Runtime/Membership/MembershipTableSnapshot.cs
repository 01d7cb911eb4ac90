namespace OrleansBackend.Runtime.Membership;

/// <summary>The whole membership table at one version: every row with the etag needed to update it.</summary>
/// <param name="Version">The table version; every successful insert or update increments it.</param>
/// <param name="Entries">The rows, each with its etag.</param>
public sealed record MembershipTableSnapshot(long Version, IReadOnlyList<MembershipTableRow> Entries);

/// <summary>A membership row and the etag a conditional update of it must present.</summary>
public sealed record MembershipTableRow(MembershipEntry Entry, string Etag);
