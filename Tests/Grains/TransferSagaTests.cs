using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Grains;

public sealed class TransferSagaTests : IClassFixture<BackendClusterFixture>
{
    private readonly BackendClusterFixture _fixture;
    private readonly Bank _bank;

    public TransferSagaTests(BackendClusterFixture fixture)
    {
        _fixture = fixture;
        _bank = new Bank(fixture.GrainFactory);
    }

    [Fact]
    public async Task EachLegIsAppliedOncePerTransferIdAndKind()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);
        var source = _fixture.GrainFactory.GetGrain<IAccountGrain>(from);
        var destination = _fixture.GrainFactory.GetGrain<IAccountGrain>(to);

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
        Assert.Single(await _bank.EntriesAsync(await OwnerOf(to), to));
    }

    [Fact]
    public async Task ARepeatedTransferIsAppliedOnceAndReplayed()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);

        var first = await _bank.TransferAsync(owner, from, to, 250, transferId);
        var again = await _bank.TransferAsync(owner, from, to, 250, transferId);

        Assert.Equal(MoneyOutcome.Applied, first.Outcome);
        Assert.Equal(TransferStatus.Completed, first.Transfer!.Status);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Transfer, again.Transfer);
        Assert.Equal(750, await _bank.BalanceAsync(from));
        Assert.Equal(250, await _bank.BalanceAsync(to));
    }

    [Fact]
    public async Task AFailedDebitEndsTheTransferFailedWithNothingApplied()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 100);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);

        var result = await _bank.TransferAsync(owner, from, to, 101, transferId);
        await _bank.DepositAsync(owner, from, 1000);
        var replay = await _bank.TransferAsync(owner, from, to, 101, transferId);

        Assert.Equal(MoneyOutcome.InsufficientFunds, result.Outcome);
        Assert.Equal(MoneyOutcome.InsufficientFunds, replay.Outcome);
        Assert.Equal(1100, await _bank.BalanceAsync(from));
        Assert.Equal(0, await _bank.BalanceAsync(to));
        Assert.Equal(MoneyOutcome.NotFound, (await _fixture.GrainFactory.GetGrain<ITransferGrain>(transferId).Get(owner)).Outcome);
    }

    [Fact]
    public async Task ARefusedCreditGivesTheDebitBack()
    {
        var owner = Bank.NewOwner();
        var receiver = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(receiver);
        await _bank.DepositAsync(owner, from, 500);
        await _bank.DepositAsync(receiver, to, BackendClusterFixture.MaxBalance - 100);

        var result = await _bank.TransferAsync(owner, from, to, 200);

        Assert.Equal(MoneyOutcome.LimitExceeded, result.Outcome);
        Assert.Equal(500, await _bank.BalanceAsync(from));
        Assert.Equal(BackendClusterFixture.MaxBalance - 100, await _bank.BalanceAsync(to));
        var entries = await _bank.EntriesAsync(owner, from);
        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut, EntryKind.TransferIn], entries.Select(e => e.Kind));
        Assert.Equal(await _bank.BalanceAsync(from), entries.Sum(e => e.SignedAmount));
    }

    [Fact]
    public async Task CurrencyMismatchAppliesNothing()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner, "EUR");
        var to = await _bank.OpenAsync(owner, "USD");
        await _bank.DepositAsync(owner, from, 500);

        var result = await _bank.TransferAsync(owner, from, to, 200);

        Assert.Equal(MoneyOutcome.CurrencyMismatch, result.Outcome);
        Assert.Equal(500, await _bank.BalanceAsync(from));
    }

    [Fact]
    public async Task ABalanceNeverOverflowsInt64()
    {
        // Seed a balance near Int64.MaxValue straight into storage (no test can deposit 9.2 million trillions),
        // on an account grain not yet active; its limit here is Int64 itself because the state says so.
        var owner = Bank.NewOwner();
        var account = ResourceIds.New(ResourceIds.AccountPrefix);
        var grain = _fixture.GrainFactory.GetGrain<IAccountGrain>(account);
        var state = new SeededState
        {
            State = new AccountState { OwnerId = owner, Currency = "EUR", Balance = long.MaxValue - 10, Version = 1, CreatedAt = DateTimeOffset.UtcNow },
        };
        await _fixture.Cluster.Storage.WriteStateAsync("account", grain.GetGrainId(), state, CancellationToken.None);

        var over = await grain.ApplyTransferLeg(new TransferLeg(ResourceIds.New(ResourceIds.TransferPrefix), TransferLegKind.Refund, 11, "EUR", null));
        var exact = await grain.ApplyTransferLeg(new TransferLeg(ResourceIds.New(ResourceIds.TransferPrefix), TransferLegKind.Refund, 10, "EUR", null));

        Assert.Equal(MoneyOutcome.LimitExceeded, over.Outcome);
        Assert.Equal(MoneyOutcome.Applied, exact.Outcome);
        Assert.Equal(long.MaxValue, await _bank.BalanceAsync(account));
        Assert.Equal(MoneyOutcome.LimitExceeded, (await _bank.DepositAsync(owner, account, 1)).Outcome);
    }

    private async Task<string> OwnerOf(string account) => (await _fixture.GrainFactory.GetGrain<IAccountGrain>(account).Get())!.OwnerId;

    private sealed class SeededState : OrleansBackend.Runtime.Persistence.IGrainState<AccountState>
    {
        public AccountState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
