using System.Text.Json.Serialization;

namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>Source-generated JSON for the <c>suspicions</c> column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<PostgresSuspectVote>))]
internal sealed partial class PostgresMembershipJsonContext : JsonSerializerContext
{
}
