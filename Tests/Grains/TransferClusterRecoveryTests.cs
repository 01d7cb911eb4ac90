using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// On three silos over loopback TCP, with storage and reminders shared as a database would share them: a transfer
/// whose silo is killed mid-saga (source debited, credit held) is finished by its reminder on a surviving silo —
/// nobody calls the transfer again — and each side is applied exactly once.
/// </summary>
public sealed class TransferClusterRecoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATransferWhoseSiloIsKilledMidSagaIsFinishedByItsReminderExactlyOnce(bool creditAppliedBeforeTheKill)
    {
        var credit = new MidSagaCredit(creditAppliedBeforeTheKill);
        var cluster = await StartClusterAsync(credit);
        var bank = new Bank(cluster.GrainFactory);
        var owner = Bank.NewOwner();
        var payee = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(payee);
        await bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);

        var running = bank.TransferAsync(owner, from, to, 300, transferId);
        await Eventually.Within(credit.Held, Deadline);
        var transfer = cluster.GrainFactory.GetGrain<ITransferGrain>(transferId);
        var victim = cluster.Silos.Single(s => s.HasActivation(transfer));

        await cluster.KillSiloAsync(victim);
        var callsBeforeTheKill = credit.TransferCalls.Count;
        credit.Release();

        // The caller hears nothing good and, in this test, never retries.
        await Assert.ThrowsAnyAsync<Exception>(() => running.WaitAsync(Deadline));
        await Eventually.True(
            async () => await TryBalancesAsync(bank, from, to) is (700, 300),
            "the reminder finished the transfer on a surviving silo",
            Deadline);
        await Eventually.True(
            async () => await cluster.Reminders.ReadRowAsync(transfer.GetGrainId(), TransferGrain.ResumeReminderName, CancellationToken.None) is null,
            "the finished saga removed its reminder",
            Deadline);

        var callsAfterTheKill = credit.TransferCalls.Skip(callsBeforeTheKill).ToList();
        Assert.Contains("ReceiveReminder", callsAfterTheKill);
        Assert.DoesNotContain("Execute", callsAfterTheKill);
        Assert.DoesNotContain("Get", callsAfterTheKill);
        Assert.DoesNotContain(cluster.Silos, s => s.Name == victim.Name);

        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut], (await bank.EntriesAsync(owner, from)).Select(e => e.Kind));
        Assert.Equal([EntryKind.TransferIn], (await bank.EntriesAsync(payee, to)).Select(e => e.Kind));
        Assert.Equal(1000, await bank.BalanceAsync(from) + await bank.BalanceAsync(to));

        // A late retry by the caller only reads the outcome.
        var retried = await bank.TransferAsync(owner, from, to, 300, transferId);
        Assert.Equal(TransferStatus.Completed, retried.Transfer!.Status);
        Assert.True(retried.Replayed);
        Assert.Equal((700, 300), await TryBalancesAsync(bank, from, to));
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

    private async Task<TestCluster> StartClusterAsync(MidSagaCredit credit)
    {
        // A short resume interval keeps the test quick on the real clock the cluster's failure detection needs.
        _cluster = new TestClusterBuilder(3)
            .WithConfiguration("Membership:ProbeTimeout", "00:00:05")
            .WithConfiguration("Reminders:MinimumPeriod", "00:00:01")
            .WithConfiguration("Reminders:RetryDelay", "00:00:01")
            .WithConfiguration("Transfers:ResumeInterval", "00:00:02")
            .ConfigureSilo(silo => silo.AddBackendGrains().AddIncomingGrainCallFilter(credit))
            .Build();
        await _cluster.DeployAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();
        return _cluster;
    }
}
