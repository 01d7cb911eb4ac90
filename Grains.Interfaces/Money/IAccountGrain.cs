using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// One per account (key: account id): owner, currency, balance, version, the ledger and the idempotency records
/// of the requests that changed it. The balance never goes below zero nor above the configured limit.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Opens the account (idempotent for the same owner and currency).</summary>
    Task<AccountSnapshot> Open(string ownerId, string currency);

    /// <summary>The account, or null when it was never opened.</summary>
    [ReadOnly]
    Task<AccountSnapshot?> Get();

    /// <summary>Pays money in (the caller must own the account).</summary>
    Task<MoneyResult> Deposit(MoneyCommand command);

    /// <summary>Pays money out (the caller must own the account).</summary>
    Task<MoneyResult> Withdraw(MoneyCommand command);

    /// <summary>Applies one leg of a transfer, at most once per transfer id and leg kind.</summary>
    Task<TransferLegResult> ApplyTransferLeg(TransferLeg leg);

    /// <summary>Entries newest first, starting below sequence <paramref name="before"/> (null: from the newest).</summary>
    [ReadOnly]
    Task<TransactionsPage> GetTransactions(string callerId, int limit, long? before);
}
