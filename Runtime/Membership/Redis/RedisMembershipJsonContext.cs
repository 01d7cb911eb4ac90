using System.Text.Json.Serialization;

namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>Source-generated JSON for the stored rows (readable with redis-cli: camelCase, enum names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RedisMembershipRow))]
internal sealed partial class RedisMembershipJsonContext : JsonSerializerContext
{
}
