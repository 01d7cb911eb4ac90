using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Runtime.Timers.Reminders.Memory;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A transfer interrupted between its steps completes exactly once after the silo running it is gone. The
/// first silo loses a leg's call (before or after the account applied it: the saga cannot tell which) and is
/// then abandoned, as a crashed process would be — no deactivation, nothing flushed. A fresh silo on the same
/// storage picks the saga up from its saved step when the client retries.
/// </summary>
public sealed class TransferRecoveryTests : IAsyncLifetime
{
    private readonly MemoryGrainStorage _storage = new();
    private readonly MemoryReminderTable _reminders = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly List<IHost> _silos = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.StopAsync(TimeSpan.FromSeconds(5));
            silo.Dispose();
        }
    }

    [Theory]
    [InlineData(TransferLegKind.Debit, false)]
    [InlineData(TransferLegKind.Debit, true)]
    [InlineData(TransferLegKind.Credit, false)]
    [InlineData(TransferLegKind.Credit, true)]
    public async Task AnInterruptedTransferCompletesExactlyOnceOnAnotherSilo(TransferLegKind failingLeg, bool failAfterApplying)
    {
        var first = await StartSiloAsync(new LostLegCall(failingLeg, failAfterApplying));
        var bank = new Bank(first);
        var owner = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(Bank.NewOwner());
        await bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);

        var interrupted = await bank.TransferAsync(owner, from, to, 300, transferId);
        Assert.Equal(MoneyOutcome.Pending, interrupted.Outcome);
        Assert.Equal(TransferStatus.Pending, interrupted.Transfer!.Status);

        // The first silo is gone; a new one serves the same storage.
        var second = new Bank(await StartSiloAsync(fault: null));
        var resumed = await second.TransferAsync(owner, from, to, 300, transferId);

        Assert.Equal(MoneyOutcome.Applied, resumed.Outcome);
        Assert.Equal(TransferStatus.Completed, resumed.Transfer!.Status);
        Assert.True(resumed.Replayed);
        await AssertAppliedOnceAsync(second, owner, from, to);

        // And again on a third silo: still once.
        var third = new Bank(await StartSiloAsync(fault: null));
        Assert.Equal(TransferStatus.Completed, (await third.TransferAsync(owner, from, to, 300, transferId)).Transfer!.Status);
        await AssertAppliedOnceAsync(third, owner, from, to);
    }

    [Fact]
    public async Task AReadOfAStalledTransferFinishesIt()
    {
        var first = await StartSiloAsync(new LostLegCall(TransferLegKind.Credit, afterApplying: false));
        var bank = new Bank(first);
        var owner = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(Bank.NewOwner());
        await bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.Pending, (await bank.TransferAsync(owner, from, to, 300, transferId)).Outcome);

        var second = await StartSiloAsync(fault: null);
        var read = await second.GetGrain<ITransferGrain>(transferId).Get(owner);

        Assert.Equal(TransferStatus.Completed, read.Transfer!.Status);
        await AssertAppliedOnceAsync(new Bank(second), owner, from, to);
    }

    private static async Task AssertAppliedOnceAsync(Bank bank, string owner, string from, string to)
    {
        Assert.Equal(700, await bank.BalanceAsync(from));
        Assert.Equal(300, await bank.BalanceAsync(to));
        var outgoing = await bank.EntriesAsync(owner, from);
        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut], outgoing.Select(e => e.Kind));
    }

    private async Task<IClusterClient> StartSiloAsync(LostLegCall? fault)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Silo:SiloName"] = $"recovery-{_silos.Count}";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseSilo(silo =>
        {
            silo.AddMemoryGrainStorage(GrainStorageNames.Default, _storage).AddMemoryReminderTable(_reminders).AddBackendGrains().UseTimeProvider(_clock);
            if (fault is not null)
            {
                silo.AddIncomingGrainCallFilter(fault);
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }
}
