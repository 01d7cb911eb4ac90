using OrleansBackend.Tests.Infrastructure;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A transfer left mid-saga whose activation is gone is finished by its durable reminder, with nobody calling it: the
/// reminder service's tick activates the saga again and it resumes from the saved step, applying each side once. A
/// transfer that ends at once leaves no reminder, and a reminder left behind by a finished one removes itself on its
/// tick. Three silos on a fake clock the test moves past each tick.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class TransferReminderTests : IClassFixture<FakeClockClusterFixture>
{
    private readonly FakeClockClusterFixture _fixture;
    private readonly Bank _bank;

    public TransferReminderTests(FakeClockClusterFixture fixture)
    {
        _fixture = fixture;
        _bank = new Bank(fixture.Grains);
    }

    [Theory]
    [InlineData(TransferLegKind.Debit, false)]
    [InlineData(TransferLegKind.Debit, true)]
    [InlineData(TransferLegKind.Credit, false)]
    [InlineData(TransferLegKind.Credit, true)]
    public async Task TheReminderFinishesATransferLeftMidSaga(TransferLegKind lostLeg, bool lostAfterApplying)
    {
        var owner = Bank.NewOwner();
        var payee = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(payee);
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = Bank.NewTransferId();
        var transfer = _bank.Transfer(transferId);
        _fixture.LostLegs.Arm(transferId, lostLeg, lostAfterApplying);

        Assert.Equal(MoneyOutcome.Pending, (await _bank.TransferAsync(owner, from, to, 300, transferId)).Outcome);
        Assert.NotNull(await ResumeReminderAsync(transfer));

        // The activation goes (as it would with its silo) before its retry timer fires; nobody calls the saga again.
        await _fixture.Cluster.DeactivateAsync(transfer);
        Assert.Equal(lostLeg == TransferLegKind.Debit && !lostAfterApplying ? 1000 : 700, await _bank.BalanceAsync(from));
        Assert.Equal(lostLeg == TransferLegKind.Credit && lostAfterApplying ? 300 : 0, await _bank.BalanceAsync(to));
        var callsBefore = _fixture.Sites.CallsTo(transfer).Count;

        Assert.Null(await Resume(transfer).PassNextTickAsync());

        // The tick activated the saga again (its own retry timer may have run a step after it); no caller did.
        var callsAfter = _fixture.Sites.CallsTo(transfer).Skip(callsBefore).ToList();
        Assert.Equal("ReceiveReminder", callsAfter[0]);
        Assert.DoesNotContain(nameof(ITransferGrain.Execute), callsAfter);
        Assert.DoesNotContain(nameof(ITransferGrain.Get), callsAfter);
        Assert.Equal(700, await _bank.BalanceAsync(from));
        Assert.Equal(300, await _bank.BalanceAsync(to));
        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut], (await _bank.EntriesAsync(owner, from)).Select(e => e.Kind));
        Assert.Equal([EntryKind.TransferIn], (await _bank.EntriesAsync(payee, to)).Select(e => e.Kind));
        var completed = await _bank.TransferAsync(owner, from, to, 300, transferId);
        Assert.Equal(TransferStatus.Completed, completed.Transfer!.Status);
        Assert.True(completed.Replayed);
        Assert.Equal(700, await _bank.BalanceAsync(from));
    }

    [Fact]
    public async Task ATransferThatEndsAtOnceLeavesNoReminder()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        var dollars = await _bank.OpenAsync(Bank.NewOwner(), "USD");
        await _bank.DepositAsync(owner, from, 1000);

        var completed = Bank.NewTransferId();
        Assert.Equal(MoneyOutcome.Applied, (await _bank.TransferAsync(owner, from, to, 300, completed)).Outcome);
        var refused = Bank.NewTransferId();
        Assert.Equal(MoneyOutcome.InsufficientFunds, (await _bank.TransferAsync(owner, from, to, 5000, refused)).Outcome);
        var mismatch = Bank.NewTransferId();
        Assert.Equal(MoneyOutcome.CurrencyMismatch, (await _bank.TransferAsync(owner, from, dollars, 100, mismatch)).Outcome);

        // The answer does not wait for the removal (a turn of its own right after it), so the test does.
        foreach (var transferId in new[] { completed, refused, mismatch })
        {
            await Eventually.True(async () => await ResumeReminderAsync(_bank.Transfer(transferId)) is null, $"transfer {transferId} leaves no reminder");
        }
    }

    [Fact]
    public async Task AReminderLeftBehindByAFinishedTransferRemovesItselfOnItsTick()
    {
        var owner = Bank.NewOwner();
        var from = await _bank.OpenAsync(owner);
        var to = await _bank.OpenAsync(Bank.NewOwner());
        await _bank.DepositAsync(owner, from, 1000);
        var transferId = Bank.NewTransferId();
        var transfer = _bank.Transfer(transferId);
        Assert.Equal(MoneyOutcome.Applied, (await _bank.TransferAsync(owner, from, to, 300, transferId)).Outcome);

        // As if the silo had died between saving the final step and removing the reminder.
        var interval = new TransferOptions().ResumeInterval;
        await _fixture.Stores.UpsertReminderAsync(transfer, TransferGrain.ResumeReminderName, _fixture.Clock.GetUtcNow() + interval, interval);
        await _fixture.Cluster.DeactivateAsync(transfer);

        Assert.Null(await Resume(transfer).PassNextTickAsync());
        Assert.Contains("ReceiveReminder", _fixture.Sites.CallsTo(transfer));
        Assert.Equal(700, await _bank.BalanceAsync(from));
        Assert.Equal(300, await _bank.BalanceAsync(to));
    }

    private Task<ReminderEntry?> ResumeReminderAsync(IAddressable transfer) => _fixture.Stores.ReminderAsync(transfer, TransferGrain.ResumeReminderName);

    private ReminderClock Resume(IAddressable transfer) => new(_fixture.Clock, _fixture.Stores, transfer, TransferGrain.ResumeReminderName);
}
