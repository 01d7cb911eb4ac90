using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>Keeps a total in the default storage and counts its reminder's ticks in <see cref="ReminderTicks"/>.</summary>
public sealed class RestartProbeGrain(
    [PersistentState("restart-probe", StorageNames.Default)] IPersistentState<RestartProbeState> state) : Grain, IRestartProbeGrain, IRemindable
{
    private const string ReminderName = "restart-probe";

    public async Task<int> Add(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<int> GetTotal() => Task.FromResult(state.State.Total);

    public Task StartReminder(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
