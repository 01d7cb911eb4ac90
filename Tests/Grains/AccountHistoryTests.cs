using Orleans.TestingHost;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// An account's state does not grow with the requests made to it: the ledger entry is the record that a request or a
/// transfer leg was applied, so nothing else is kept per request, and a write costs the same on an old account as on a
/// new one. A retry the account no longer holds in memory — its activation is gone and the entry was sealed into a page —
/// is still answered once, from the ledger back to when the request's key was bound.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class AccountHistoryTests : IClassFixture<GrainClusterFixture>
{
    private const int Deposits = 250;

    private readonly GrainClusterFixture _fixture;
    private readonly Bank _bank;

    public AccountHistoryTests(GrainClusterFixture fixture)
    {
        _fixture = fixture;
        _bank = new Bank(fixture.Grains);
    }

    [Fact]
    public async Task TheStoredStateHoldsNoRecordPerRequestOrTransfer()
    {
        var owner = Bank.NewOwner();
        var account = await _bank.OpenAsync(owner);
        var other = await _bank.OpenAsync(Bank.NewOwner());
        for (var i = 0; i < Deposits; i++)
        {
            Assert.Equal(MoneyOutcome.Applied, (await _bank.DepositAsync(owner, account, 10)).Outcome);
        }

        Assert.Equal(MoneyOutcome.InsufficientFunds, (await _bank.WithdrawAsync(owner, account, 1_000_000)).Outcome);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(MoneyOutcome.Applied, (await _bank.TransferAsync(owner, account, other, 1)).Outcome);
        }

        var stored = await _fixture.Stores.ReadStateAsync<AccountState>("account", _bank.Account(account));
        Assert.Empty(stored.Requests);
        Assert.Empty(stored.TransferLegs);
        Assert.Equal(Deposits + 5, stored.EntryCount);
        Assert.True(stored.RecentEntries.Count < AccountGrain.PageSize, $"{stored.RecentEntries.Count} entries in the state");
        Assert.Equal((Deposits + 5) / AccountGrain.PageSize, stored.SealedPages);
    }

    [Fact]
    public async Task ARepeatedDepositIsFoundInTheLedgerAfterItsActivationIsGone()
    {
        var owner = Bank.NewOwner();
        var account = await _bank.OpenAsync(owner);
        var boundAt = _fixture.Clock.GetUtcNow();
        var first = await _bank.Account(account).Deposit(new MoneyCommand(owner, "the-key", "deposit/500", 500, null));
        Assert.Equal(MoneyOutcome.Applied, first.Outcome);
        await DepositManyAndForgetAsync(owner, account);

        var retry = await _bank.Account(account).Deposit(new MoneyCommand(owner, "the-key", "deposit/500", 500, null, RepeatSince: boundAt));

        Assert.Equal(MoneyOutcome.Applied, retry.Outcome);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Entry!.EntryId, retry.Entry!.EntryId);
        Assert.Equal(500 + (AccountGrain.PageSize + 50), await _bank.BalanceAsync(account));
    }

    [Fact]
    public async Task ARepeatedTransferLegIsFoundInTheLedgerAfterItsActivationIsGone()
    {
        var owner = Bank.NewOwner();
        var account = await _bank.OpenAsync(owner);
        await _bank.DepositAsync(owner, account, 1_000);
        var transferId = Bank.NewTransferId();
        var startedAt = _fixture.Clock.GetUtcNow();
        Assert.Equal(MoneyOutcome.Applied, (await _bank.Account(account).ApplyTransferLeg(new TransferLeg(transferId, TransferLegKind.Debit, 300, "EUR", null))).Outcome);
        await DepositManyAndForgetAsync(owner, account);

        var repeated = await _bank.Account(account).ApplyTransferLeg(new TransferLeg(transferId, TransferLegKind.Debit, 300, "EUR", null, RepeatSince: startedAt));

        Assert.Equal(MoneyOutcome.Applied, repeated.Outcome);
        Assert.Null(repeated.Entry);
        Assert.Equal(1_000 - 300 + (AccountGrain.PageSize + 50), await _bank.BalanceAsync(account));
    }

    /// <summary>Pushes the first entries into a sealed page and ends the activation, so only the ledger remembers them.</summary>
    private async Task DepositManyAndForgetAsync(string owner, string account)
    {
        for (var i = 0; i < AccountGrain.PageSize + 50; i++)
        {
            await _bank.DepositAsync(owner, account, 1);
        }

        await _fixture.Cluster.DeactivateAsync(_bank.Account(account));
    }
}
