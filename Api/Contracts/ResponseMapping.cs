using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Api.Contracts;

/// <summary>Turns grain answers into response bodies.</summary>
public static class ResponseMapping
{
    public static UserResponse ToResponse(this UserProfile user) => new(user.Id, user.Email, user.DisplayName, user.CreatedAt);

    public static CurrentUserResponse ToCurrentUser(this UserProfile user) =>
        new(user.Id, user.Email, user.DisplayName, user.CreatedAt, user.AccountIds);

    public static SessionResponse ToResponse(this SessionInfo session, string currentSessionId) =>
        new(session.SessionId, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.SessionId == currentSessionId);

    public static AccountResponse ToResponse(this AccountSnapshot account) =>
        new(account.Id, account.OwnerId, account.Currency, account.Balance, account.Version, account.CreatedAt);

    public static EntryResponse ToResponse(this LedgerEntry entry) =>
        new(entry.EntryId, entry.AccountId, KindName(entry.Kind), entry.Amount, entry.BalanceAfter, entry.CreatedAt, entry.TransferId, entry.Reference);

    public static TransferResponse ToResponse(this TransferSnapshot transfer) =>
        new(
            transfer.Id,
            transfer.FromAccountId,
            transfer.ToAccountId,
            transfer.Amount,
            transfer.Currency,
            transfer.Status switch
            {
                TransferStatus.Completed => "completed",
                TransferStatus.Pending => "pending",
                _ => "failed",
            },
            transfer.CreatedAt,
            transfer.CompletedAt,
            transfer.Reference);

    private static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Deposit => "deposit",
        EntryKind.Withdrawal => "withdrawal",
        EntryKind.TransferIn => "transfer_in",
        _ => "transfer_out",
    };
}
