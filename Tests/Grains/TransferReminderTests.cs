using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Runtime.Timers.Reminders.Memory;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A transfer whose silo went away mid-saga is finished by its durable reminder, with nobody calling it: the silo
/// that takes over arms the reminder from the shared table and its tick resumes the saga from the saved step. The
/// clock is the test's, so the tick comes when the test moves time past the resume interval.
/// </summary>
public sealed class TransferReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan ResumeInterval = new TransferOptions().ResumeInterval;
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
    public async Task TheReminderFinishesATransferWhoseSiloStoppedMidSaga(TransferLegKind failingLeg, bool failAfterApplying)
    {
        var first = await StartSiloAsync(new LostLegCall(failingLeg, failAfterApplying));
        var bank = new Bank(first.Services.GetRequiredService<IClusterClient>());
        var owner = Bank.NewOwner();
        var payee = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(payee);
        await bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.Pending, (await bank.TransferAsync(owner, from, to, 300, transferId)).Outcome);
        Assert.NotNull(await ResumeReminderAsync(transferId));

        // The silo running the saga is gone; its successor is never asked about the transfer.
        await StopAsync(first);
        var second = new Bank((await StartSiloAsync(fault: null)).Services.GetRequiredService<IClusterClient>());
        Assert.Equal(failingLeg == TransferLegKind.Debit && !failAfterApplying ? 1000 : 700, await second.BalanceAsync(from));
        Assert.Equal(failingLeg == TransferLegKind.Credit && failAfterApplying ? 300 : 0, await second.BalanceAsync(to));

        _clock.Advance(ResumeInterval);

        await Eventually.True(async () => await ResumeReminderAsync(transferId) is null, "the saga finished and removed its reminder");
        Assert.Equal(700, await second.BalanceAsync(from));
        Assert.Equal(300, await second.BalanceAsync(to));
        Assert.Equal([EntryKind.Deposit, EntryKind.TransferOut], (await second.EntriesAsync(owner, from)).Select(e => e.Kind));
        Assert.Equal([EntryKind.TransferIn], (await second.EntriesAsync(payee, to)).Select(e => e.Kind));
        var completed = await second.TransferAsync(owner, from, to, 300, transferId);
        Assert.Equal(TransferStatus.Completed, completed.Transfer!.Status);
        Assert.True(completed.Replayed);
    }

    [Fact]
    public async Task ATransferThatCompletesAtOnceLeavesNoReminderAndAFailedOneRegistersNone()
    {
        var bank = new Bank((await StartSiloAsync(fault: null)).Services.GetRequiredService<IClusterClient>());
        var owner = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(Bank.NewOwner());
        var dollars = await bank.OpenAsync(Bank.NewOwner(), "USD");
        await bank.DepositAsync(owner, from, 1000);

        var completed = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.Applied, (await bank.TransferAsync(owner, from, to, 300, completed)).Outcome);
        var refused = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.InsufficientFunds, (await bank.TransferAsync(owner, from, to, 5000, refused)).Outcome);
        var mismatch = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.CurrencyMismatch, (await bank.TransferAsync(owner, from, dollars, 100, mismatch)).Outcome);

        Assert.Null(await ResumeReminderAsync(completed));
        Assert.Null(await ResumeReminderAsync(refused));
        Assert.Null(await ResumeReminderAsync(mismatch));
        Assert.Empty(await _reminders.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AReminderLeftBehindByAFinishedTransferRemovesItselfOnItsTick()
    {
        var client = (await StartSiloAsync(fault: null)).Services.GetRequiredService<IClusterClient>();
        var bank = new Bank(client);
        var owner = Bank.NewOwner();
        var from = await bank.OpenAsync(owner);
        var to = await bank.OpenAsync(Bank.NewOwner());
        await bank.DepositAsync(owner, from, 1000);
        var transferId = ResourceIds.New(ResourceIds.TransferPrefix);
        Assert.Equal(MoneyOutcome.Applied, (await bank.TransferAsync(owner, from, to, 300, transferId)).Outcome);

        // As if the silo had crashed between saving the final step and removing the reminder.
        var grainId = client.GetGrain<ITransferGrain>(transferId).GetGrainId();
        await _reminders.UpsertRowAsync(grainId, TransferGrain.ResumeReminderName, _clock.GetUtcNow() + ResumeInterval, ResumeInterval, CancellationToken.None);
        await StopAsync(_silos[0]);
        var second = new Bank((await StartSiloAsync(fault: null)).Services.GetRequiredService<IClusterClient>());

        _clock.Advance(ResumeInterval);

        await Eventually.True(async () => await ResumeReminderAsync(transferId) is null, "the stray reminder removed itself");
        Assert.Equal(700, await second.BalanceAsync(from));
        Assert.Equal(300, await second.BalanceAsync(to));
    }

    private Task<ReminderEntry?> ResumeReminderAsync(string transferId)
    {
        var grains = _silos[^1].Services.GetRequiredService<IClusterClient>();
        return _reminders.ReadRowAsync(grains.GetGrain<ITransferGrain>(transferId).GetGrainId(), TransferGrain.ResumeReminderName, CancellationToken.None);
    }

    private async Task StopAsync(IHost silo)
    {
        _silos.Remove(silo);
        await silo.StopAsync(TimeSpan.FromSeconds(5));
        silo.Dispose();
    }

    private async Task<IHost> StartSiloAsync(LostLegCall? fault)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Silo:SiloName"] = $"reminder-{Guid.NewGuid():N}";
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
        return host;
    }
}
