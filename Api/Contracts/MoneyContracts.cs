using System.Text.Json.Serialization;

namespace OrleansBackend.Api.Contracts;

/// <summary>POST /v1/accounts.</summary>
/// <param name="Currency">An ISO 4217 code, upper-case (USD, EUR, GBP, JPY, CHF, CAD, AUD, INR, CNY, SEK, …).</param>
public sealed record OpenAccountRequest(string Currency);

/// <summary>An account; money in integer minor units.</summary>
public sealed record AccountResponse(string Id, string OwnerId, string Currency, long Balance, long Version, DateTimeOffset CreatedAt);

/// <summary>POST /v1/accounts/{id}/deposits and /withdrawals.</summary>
/// <param name="Amount">A JSON integer of minor units, 1 to 1,000,000,000,000.</param>
/// <param name="Reference">Up to 140 characters.</param>
public sealed record MoneyRequest(long Amount, string? Reference = null);

/// <summary>A ledger entry. <c>amount</c> is positive; <c>kind</c> (deposit, withdrawal, transfer_in, transfer_out) gives the direction.</summary>
public sealed record EntryResponse(
    string EntryId,
    string AccountId,
    string Kind,
    long Amount,
    long BalanceAfter,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TransferId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference);

/// <summary>A page of entries, newest first; pass <c>next</c> as <c>before</c> for the next page (null at the end).</summary>
public sealed record EntryPageResponse(IReadOnlyList<EntryResponse> Items, string? Next);

/// <summary>POST /v1/transfers.</summary>
public sealed record TransferRequest(string FromAccountId, string ToAccountId, long Amount, string? Reference = null);

/// <summary>A transfer; <c>status</c> is completed (or pending while the destination is being credited).</summary>
public sealed record TransferResponse(
    string Id,
    string FromAccountId,
    string ToAccountId,
    long Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference);
