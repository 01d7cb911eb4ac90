using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// The transfer saga on three silos: a transfer completes, applies each leg once per transfer id and replays on a
/// retry; an overdraft is refused with nothing applied; a refused credit is compensated by refunding the debit; a
/// currency mismatch applies nothing; and no balance overflows Int64.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class TransferSagaTests : IClassFixture<GrainClusterFixture>
{
    private readonly GrainClusterFixture _fixture;
    private readonly Bank _bank;

    public TransferSagaTests(GrainClusterFixture fixture)
    {
        _fixture = fixture;
        _bank = new Bank(fixture.Grains);
    }

    [Fact]
    public async Task EachLegIsAppliedOncePerTransferIdAndKind()
    {
        var owner = Bank.NewOwner();
        var payee = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(payee);
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = Bank.NewTransferId();
        var source = _bank.Account(from);
        var destination = _bank.Account(to);

        var debits = new[]
        {
            await source.ApplyTransferLeg(new TransferLeg(transferId, TransferLegKind.Debit, 300, "EUR", null)),
            await source.ApplyTransferLeg(new TransferLeg(transferId, TransferLegKind.Debit, 300, "EUR", null)),
        };
        var credits = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => destination.ApplyTransferLeg(new TransferLeg(transferId, TransferLegKind.Credit, 300, "EUR", null))));

        Assert.All(debits, d => Assert.Equal(MoneyOutcome.Applied, d.Outcome));
        Assert.All(credits, c => Assert.Equal(MoneyOutcome.Applied, c.Outcome));
        Assert.NotNull(debits[0].Entry);
        Assert.Null(debits[1].Entry);
        Assert.Single(credits, c => c.Entry is not null);
        Assert.Equal(700, await _bank.BalanceAsync(from));
        Assert.Equal(300, await _bank.BalanceAsync(to));
        Assert.Equal(2, (await _bank.EntriesAsync(owner, from)).Count);
        Assert.Single(await _bank.EntriesAsync(payee, to));
    }

    [Fact]
    public async Task ATransferCompletesAndARepeatIsAppliedOnceAndReplayed()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = Bank.NewTransferId();

        var first = await _bank.TransferAsync(owner, from, to, 250, transferId);
        var again = await _bank.TransferAsync(owner, from, to, 250, transferId);

        Assert.Equal(MoneyOutcome.Applied, first.Outcome);
        Assert.Equal(TransferStatus.Completed, first.Transfer!.Status);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Transfer, again.Transfer);
        Assert.Equal(750, await _bank.BalanceAsync(from));
        Assert.Equal(250, await _bank.BalanceAsync(to));
        Assert.Equal(TransferStatus.Completed, (await _bank.Transfer(transferId).Get(owner)).Transfer!.Status);
        Assert.Equal(MoneyOutcome.IdempotencyKeyReused, (await _bank.TransferAsync(owner, from, to, 251, transferId)).Outcome);
        Assert.Equal(750, await _bank.BalanceAsync(from));
    }

    [Fact]
    public async Task AnOverdraftEndsTheTransferFailedWithNothingApplied()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 100);
        var transferId = Bank.NewTransferId();

        var result = await _bank.TransferAsync(owner, from, to, 101, transferId);
        await _bank.DepositAsync(owner, from, 1000);
        var replay = await _bank.TransferAsync(owner, from, to, 101, transferId);

        Assert.Equal(MoneyOutcome.InsufficientFunds, result.Outcome);
        Assert.Equal(MoneyOutcome.InsufficientFunds, replay.Outcome);
        Assert.True(replay.Replayed);
        Assert.Equal(1100, await _bank.BalanceAsync(from));
        Assert.Equal(0, await _bank.BalanceAsync(to));
        Assert.Equal(MoneyOutcome.NotFound, (await _bank.Transfer(transferId).Get(owner)).Outcome);
        Assert.Equal([EntryKind.Deposit, EntryKind.Deposit], (await _bank.EntriesAsync(owner, from)).Select(e => e.Kind));
    }

    [Fact]
    public async Task ARefusedCreditIsCompensatedByRefundingTheDebit()
    {
        var owner = Bank.NewOwner();
        var receiver = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(receiver);
        await _bank.DepositAsync(owner, from, 500);
        await _bank.DepositAsync(receiver, to, GrainClusterFixture.MaxBalance - 100);
        var transferId = Bank.NewTransferId();

        var result = await _bank.TransferAsync(owner, from, to, 200, transferId);
        var retried = await _bank.TransferAsync(owner, from, to, 200, transferId);

        Assert.Equal(MoneyOutcome.LimitExceeded, result.Outcome);
        Assert.Equal(MoneyOutcome.LimitExceeded, retried.Outcome);
        Assert.Equal(500, await _bank.BalanceAsync(from));
        Assert.Equal(GrainClusterFixture.MaxBalance - 100, await _bank.BalanceAsync(to));
        var entries = await _bank.EntriesAsync(owner, from);
        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut, EntryKind.TransferIn], entries.Select(e => e.Kind));
        Assert.Equal(await _bank.BalanceAsync(from), entries.Sum(e => e.SignedAmount));
        Assert.Equal([EntryKind.Deposit], (await _bank.EntriesAsync(receiver, to)).Select(e => e.Kind));
    }

    [Fact]
    public async Task ACurrencyMismatchAppliesNothing()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner, "EUR");
        var to = await _bank.OpenAsync(owner, "USD");
        await _bank.DepositAsync(owner, from, 500);

        var result = await _bank.TransferAsync(owner, from, to, 200);

        Assert.Equal(MoneyOutcome.CurrencyMismatch, result.Outcome);
        Assert.Equal(500, await _bank.BalanceAsync(from));
        Assert.Equal(0, await _bank.BalanceAsync(to));
    }

    [Fact]
    public async Task ABalanceNeverOverflowsInt64()
    {
        // A balance near Int64.MaxValue seeded straight into storage (no test can deposit 9.2 million trillions), for an
        // account not active anywhere yet; a refund is bounded by Int64 itself, a deposit by the configured limit.
        var owner = Bank.NewOwner();
        var account = ResourceIds.New(ResourceIds.AccountPrefix);
        var grain = _bank.Account(account);
        await _fixture.Stores.WriteStateAsync(
            "account",
            grain,
            new AccountState { OwnerId = owner, Currency = "EUR", Balance = long.MaxValue - 10, Version = 1, CreatedAt = DateTimeOffset.UtcNow });

        var over = await grain.ApplyTransferLeg(new TransferLeg(Bank.NewTransferId(), TransferLegKind.Refund, 11, "EUR", null));
        var exact = await grain.ApplyTransferLeg(new TransferLeg(Bank.NewTransferId(), TransferLegKind.Refund, 10, "EUR", null));

        Assert.Equal(MoneyOutcome.LimitExceeded, over.Outcome);
        Assert.Equal(MoneyOutcome.Applied, exact.Outcome);
        Assert.Equal(long.MaxValue, await _bank.BalanceAsync(account));
        Assert.Equal(MoneyOutcome.LimitExceeded, (await _bank.DepositAsync(owner, account, 1)).Outcome);
    }
}
