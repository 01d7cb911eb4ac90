using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A silo is killed in the middle of transfers, on a 3-silo cluster of its own: the transfer whose silo dies mid-saga
/// (source debited, credit held) is finished without anybody calling it again — by its reminder on a surviving silo
/// (<see cref="TransferReminderTests"/> proves that path alone) — and each of its sides is applied once; the other transfers running at that moment, once their callers retry, every one has
/// completed or was refused or compensated, nothing applied twice, every ledger equal to its balance and the money
/// conserved. Real clock, with a short resume interval.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class TransferClusterRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private GrainClusterFixture? _cluster;
    private MidSagaCredit? _credit;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        // The held call of a killed silo ends only now, with nothing left to answer.
        _credit?.Release();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TransfersInterruptedByASiloKillEndCompletedOrCompensatedExactlyOnce(bool creditAppliedBeforeTheKill)
    {
        var heldId = Bank.NewTransferId();
        _credit = new MidSagaCredit(heldId, creditAppliedBeforeTheKill);
        _cluster = await GrainClusterFixture.StartAsync(silo =>
        {
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.Configure<TransferOptions>(options => options.ResumeInterval = TimeSpan.FromSeconds(2));
            _credit.AddTo(silo);
        });
        var bank = new Bank(_cluster.Grains);
        var owners = new Dictionary<string, string>();
        long paidIn = 0;
        async Task<string> OpenAsync(string owner, long deposit)
        {
            var account = await bank.OpenAsync(owner);
            owners[account] = owner;
            if (deposit > 0)
            {
                Assert.Equal(MoneyOutcome.Applied, (await bank.DepositAsync(owner, account, deposit)).Outcome);
                paidIn += deposit;
            }

            return account;
        }

        var payer = Bank.NewOwner();
        var held = new PlannedTransfer(heldId, payer, await OpenAsync(payer, 1000), await OpenAsync(Bank.NewOwner(), 0), 300);

        // Transfers among a few accounts, some more than their source holds, some into an account near its limit.
        var other = Bank.NewOwner();
        var accounts = new[] { await OpenAsync(other, 500), await OpenAsync(other, 500), await OpenAsync(other, 500) };
        var nearlyFull = await OpenAsync(other, GrainClusterFixture.MaxBalance - 150);
        var background = Enumerable.Range(0, 12)
            .Select(i => new PlannedTransfer(
                Bank.NewTransferId(),
                other,
                accounts[i % 3],
                i % 4 == 3 ? nearlyFull : accounts[(i + 1) % 3],
                100 + ((i * 70) % 400)))
            .ToList();

        var running = held.ExecuteAsync(bank);
        var heldOn = await Eventually.Within(_credit.Held, Deadline);
        var backgroundCalls = background.Select(t => Swallow(t.ExecuteAsync(bank))).ToList();
        var transfer = bank.Transfer(heldId);
        var victim = _cluster.Sites.Of(transfer)!;

        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(victim)!);
        var callsBeforeTheKill = _cluster.Sites.CallsTo(transfer).Count;
        if (!heldOn.Equals(victim))
        {
            // The destination lives on a survivor, its turn held by the test: let it go once the cluster has declared the
            // killed silo dead (an in-process kill may let a last answer out before that; a dead process would not).
            await Eventually.True(
                () => _cluster.Cluster.GetSiloServiceProvider(heldOn).GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(victim) == SiloStatus.Dead,
                "the cluster declared the killed silo dead",
                Deadline);
            _credit.Release();
        }

        // The held transfer's caller never retries. It usually hears nothing good; but an in-process kill cannot stop the
        // killed silo's running turns, which may still answer it, so what it heard is only held to "not a failure".
        try
        {
            Assert.Contains((await running.WaitAsync(Deadline)).Outcome, new[] { MoneyOutcome.Pending, MoneyOutcome.Applied });
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or Xunit.Sdk.XunitException))
        {
            // Lost with its silo.
        }

        await Eventually.True(
            async () => await TryBalancesAsync(bank, held.From, held.To) is (700, 300),
            "the held transfer was finished without its caller",
            Deadline);
        await Eventually.True(
            async () => await _cluster.Stores.ReminderAsync(transfer, TransferGrain.ResumeReminderName) is null,
            "the finished saga removed its reminder",
            Deadline);
        var callsAfterTheKill = _cluster.Sites.CallsTo(transfer).Skip(callsBeforeTheKill).ToList();
        Assert.DoesNotContain(nameof(ITransferGrain.Execute), callsAfterTheKill);
        Assert.DoesNotContain(nameof(ITransferGrain.Get), callsAfterTheKill);

        // The others' callers retry with the same id until each answers; then every one is settled exactly once.
        await Task.WhenAll(backgroundCalls);
        var all = background.Append(held).ToList();
        var outcomes = await TransferAudit.SettleAsync(bank, all, Deadline);
        Assert.Equal(MoneyOutcome.Applied, outcomes[heldId]);
        await TransferAudit.AssertSettledAsync(bank, owners, all, outcomes, paidIn);
        foreach (var planned in all)
        {
            await Eventually.True(
                async () => await _cluster.Stores.ReminderAsync(bank.Transfer(planned.TransferId), TransferGrain.ResumeReminderName) is null,
                $"transfer {planned.TransferId} left no reminder",
                Deadline);
        }

        var replayed = await held.ExecuteAsync(bank);
        Assert.Equal(TransferStatus.Completed, replayed.Transfer!.Status);
        Assert.True(replayed.Replayed);
        Assert.Equal((700, 300), await TryBalancesAsync(bank, held.From, held.To));
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task.WaitAsync(Deadline);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Lost with the silo: the audit retries it.
        }
    }

    private static async Task<(long From, long To)?> TryBalancesAsync(Bank bank, string from, string to)
    {
        try
        {
            return (await bank.BalanceAsync(from), await bank.BalanceAsync(to));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // While the cluster notices the dead silo, a call may fail; the next attempt goes elsewhere.
            return null;
        }
    }
}
