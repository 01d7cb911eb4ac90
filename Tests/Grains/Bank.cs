using Orleans;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Grains;

/// <summary>Shorthands for driving account and transfer grains directly, as the Api does.</summary>
public sealed class Bank(IGrainFactory grains)
{
    public static string NewOwner() => ResourceIds.New(ResourceIds.UserPrefix);

    public static string NewTransferId() => ResourceIds.New(ResourceIds.TransferPrefix);

    public IAccountGrain Account(string account) => grains.GetGrain<IAccountGrain>(account);

    public ITransferGrain Transfer(string transferId) => grains.GetGrain<ITransferGrain>(transferId);

    public async Task<string> OpenAsync(string owner, string currency = "EUR")
    {
        var id = ResourceIds.New(ResourceIds.AccountPrefix);
        await Account(id).Open(owner, currency);
        return id;
    }

    public Task<MoneyResult> DepositAsync(string owner, string account, long amount, string? key = null) =>
        Account(account).Deposit(new MoneyCommand(owner, key ?? Guid.NewGuid().ToString("N"), $"deposit/{amount}", amount, null));

    public Task<MoneyResult> WithdrawAsync(string owner, string account, long amount, string? key = null) =>
        Account(account).Withdraw(new MoneyCommand(owner, key ?? Guid.NewGuid().ToString("N"), $"withdrawal/{amount}", amount, null));

    public Task<TransferResult> TransferAsync(string owner, string from, string to, long amount, string? transferId = null) =>
        Transfer(transferId ?? NewTransferId()).Execute(new TransferCommand(owner, $"{from}>{to}/{amount}", from, to, amount, null));

    public async Task<long> BalanceAsync(string account) => (await Account(account).Get())!.Balance;

    /// <summary>Every entry, oldest first, read through the paged ledger.</summary>
    public async Task<List<LedgerEntry>> EntriesAsync(string owner, string account)
    {
        var entries = new List<LedgerEntry>();
        long? before = null;
        do
        {
            var page = await Account(account).GetTransactions(owner, 37, before);
            entries.AddRange(page.Items);
            before = page.NextBefore;
        }
        while (before is not null);
        entries.Reverse();
        return entries;
    }
}
