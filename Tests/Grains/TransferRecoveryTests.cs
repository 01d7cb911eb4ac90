using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A transfer interrupted between its steps completes exactly once after the silo running it is killed. Each saga
/// loses one leg's call (before or after the account applied it: the saga cannot tell which) and is left pending; the
/// silo running the first of them is then killed, as a crashed process would be, and the survivors take the sagas
/// over when the callers retry (or merely read) them. On a 3-silo cluster of its own.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class TransferRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private GrainClusterFixture? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task InterruptedTransfersCompleteExactlyOnceOnASurvivingSilo()
    {
        _cluster = await GrainClusterFixture.StartAsync(_ => { });
        var bank = new Bank(_cluster.Grains);
        var owners = new Dictionary<string, string>();
        var retried = new List<PlannedTransfer>();
        foreach (var (leg, afterApplying) in new[] { (TransferLegKind.Debit, false), (TransferLegKind.Debit, true), (TransferLegKind.Credit, false), (TransferLegKind.Credit, true) })
        {
            retried.Add(await StartInterruptedAsync(bank, owners, leg, afterApplying));
        }

        var read = await StartInterruptedAsync(bank, owners, TransferLegKind.Credit, afterApplying: false);

        var victim = _cluster.Sites.Of(bank.Transfer(retried[0].TransferId))!;
        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(victim)!);

        var outcomes = await TransferAudit.SettleAsync(bank, retried, Deadline);
        Assert.All(outcomes.Values, outcome => Assert.Equal(MoneyOutcome.Applied, outcome));
        TransferResult? readResult = null;
        await Eventually.True(
            async () =>
            {
                try
                {
                    readResult = await bank.Transfer(read.TransferId).Get(read.Owner);
                    return readResult.Transfer?.Status == TransferStatus.Completed;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    return false;
                }
            },
            "a read finished the stalled transfer",
            Deadline);
        outcomes[read.TransferId] = readResult!.Outcome;

        var all = retried.Append(read).ToList();
        await TransferAudit.AssertSettledAsync(bank, owners, all, outcomes, paidIn: 1000 * all.Count);
        foreach (var transfer in all)
        {
            Assert.Equal(700, await bank.BalanceAsync(transfer.From));
            Assert.Equal(300, await bank.BalanceAsync(transfer.To));
            var again = await transfer.ExecuteAsync(bank);
            Assert.Equal(TransferStatus.Completed, again.Transfer!.Status);
            Assert.True(again.Replayed);
        }
    }

    /// <summary>Two accounts, 1000 on the first, and a transfer of 300 between them that loses one leg's call.</summary>
    private async Task<PlannedTransfer> StartInterruptedAsync(Bank bank, Dictionary<string, string> owners, TransferLegKind leg, bool afterApplying)
    {
        var owner = Bank.NewOwner();
        var payee = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(payee);
        owners[from] = owner;
        owners[to] = payee;
        await bank.DepositAsync(owner, from, 1000);
        var transfer = new PlannedTransfer(Bank.NewTransferId(), owner, from, to, 300);
        _cluster!.LostLegs.Arm(transfer.TransferId, leg, afterApplying);

        var interrupted = await transfer.ExecuteAsync(bank);

        Assert.Equal(MoneyOutcome.Pending, interrupted.Outcome);
        Assert.Equal(TransferStatus.Pending, interrupted.Transfer!.Status);
        return transfer;
    }
}
