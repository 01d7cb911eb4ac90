namespace OrleansBackend.Baseline;

// The JSON shapes of api.md, as records (camelCase on the wire).
public sealed record Credentials(string? Email, string? Password, string? DisplayName);

public sealed record UserBody(string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt);

public sealed record SessionBody(string Token, string SessionId, string UserId, DateTimeOffset ExpiresAt);

public sealed record OpenAccountBody(string? Currency);

public sealed record AccountBody(string Id, string OwnerId, string Currency, long Balance, long Version, DateTimeOffset CreatedAt);

public sealed record MoneyBody(long Amount, string? Reference);

public sealed record EntryBody(string EntryId, string AccountId, string Kind, long Amount, long BalanceAfter, DateTimeOffset CreatedAt, string? TransferId, string? Reference);

public sealed record EntryPage(IReadOnlyList<EntryBody> Items, string? Next);

public sealed record TransferRequestBody(string? FromAccountId, string? ToAccountId, long Amount, string? Reference);

public sealed record TransferBody(string Id, string FromAccountId, string ToAccountId, long Amount, string Currency, string Status, DateTimeOffset CreatedAt, DateTimeOffset CompletedAt, string? Reference);

public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Code);
