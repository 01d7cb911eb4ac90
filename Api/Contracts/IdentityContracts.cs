namespace OrleansBackend.Api.Contracts;

/// <summary>POST /v1/users.</summary>
/// <param name="Email">An e-mail address (unique, compared trimmed and case-insensitively).</param>
/// <param name="Password">10 to 256 characters.</param>
/// <param name="DisplayName">Up to 100 characters.</param>
public sealed record RegisterUserRequest(string Email, string Password, string? DisplayName = null);

/// <summary>A registered user.</summary>
public sealed record UserResponse(string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt);

/// <summary>The signed-in user with the ids of their accounts.</summary>
public sealed record CurrentUserResponse(string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt, IReadOnlyList<string> Accounts);

/// <summary>POST /v1/sessions.</summary>
public sealed record LoginRequest(string Email, string Password);

/// <summary>A new session: <c>token</c> goes into <c>Authorization: Bearer</c> and is shown only once.</summary>
public sealed record SessionCreatedResponse(string Token, string SessionId, string UserId, DateTimeOffset ExpiresAt);

/// <summary>An active session.</summary>
public sealed record SessionResponse(string SessionId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, bool Current);

/// <summary>The caller's active sessions.</summary>
public sealed record SessionListResponse(IReadOnlyList<SessionResponse> Items);
