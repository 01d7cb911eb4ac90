using System.Text.Json.Serialization;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Contracts;

/// <summary>Source-generated JSON for every request and response type: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(RegisterUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(CurrentUserResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionCreatedResponse))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionListResponse))]
[JsonSerializable(typeof(OpenAccountRequest))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(MoneyRequest))]
[JsonSerializable(typeof(EntryResponse))]
[JsonSerializable(typeof(EntryPageResponse))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(TransferResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ClusterResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
}
