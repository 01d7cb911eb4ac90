using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansBackend.Grains.Hosting;

namespace OrleansBackend.Tests.Grains;

/// <summary>The cluster's grain storage and reminder table as a live silo sees them (the first one still running).</summary>
public sealed class ClusterStores(TestCluster cluster)
{
    private IServiceProvider Services =>
        cluster.GetActiveSilos().OfType<InProcessSiloHandle>().First().SiloHost.Services;

    /// <summary>The reminder row of <paramref name="grain"/> named <paramref name="name"/>, or null.</summary>
    public Task<ReminderEntry?> ReminderAsync(IAddressable grain, string name) =>
        Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), name)!;

    /// <summary>Writes a reminder row straight into the table, as a silo that died before removing it left it.</summary>
    public Task UpsertReminderAsync(IAddressable grain, string name, DateTimeOffset startAt, TimeSpan period) =>
        Services.GetRequiredService<IReminderTable>().UpsertRow(new ReminderEntry
        {
            GrainId = grain.GetGrainId(),
            ReminderName = name,
            StartAt = startAt.UtcDateTime,
            Period = period,
        });

    /// <summary>Writes <paramref name="state"/> as the stored state <paramref name="stateName"/> of a grain not active anywhere.</summary>
    public Task WriteStateAsync<T>(string stateName, IAddressable grain, T state) =>
        Storage.WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<T>(state));

    /// <summary>The stored state <paramref name="stateName"/> of <paramref name="grain"/>.</summary>
    public async Task<T> ReadStateAsync<T>(string stateName, IAddressable grain)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grain.GetGrainId(), stored);
        return stored.State ?? throw new InvalidOperationException($"No state {stateName} for {grain.GetGrainId()}.");
    }

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
}
