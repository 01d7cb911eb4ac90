using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// One per account (key: account id): owner, currency, balance, version, the ledger and the idempotency records
/// of the requests that changed it. The balance never goes below zero nor above the configured limit.
/// </summary>
[Alias("OrleansBackend.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Opens the account (idempotent for the same owner and currency).</summary>
    [Alias("Open")]
    Task<AccountSnapshot> Open(string ownerId, string currency);

    /// <summary>The account, or null when it was never opened.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<AccountSnapshot?> Get();

    /// <summary>Pays money in (the caller must own the account).</summary>
    [Alias("Deposit")]
    [SafeToRepeat]
    Task<MoneyResult> Deposit(MoneyCommand command);

    /// <summary>Pays money out (the caller must own the account).</summary>
    [Alias("Withdraw")]
    [SafeToRepeat]
    Task<MoneyResult> Withdraw(MoneyCommand command);

    /// <summary>Applies one leg of a transfer, at most once per transfer id and leg kind.</summary>
    [Alias("ApplyTransferLeg")]
    Task<TransferLegResult> ApplyTransferLeg(TransferLeg leg);

    /// <summary>Entries newest first, starting below sequence <paramref name="before"/> (null: from the newest).</summary>
    [Alias("GetTransactions")]
    [ReadOnly]
    Task<TransactionsPage> GetTransactions(string callerId, int limit, long? before);
}
