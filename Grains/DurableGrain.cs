using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Grains;

/// <summary>
/// A grain whose requests change its state in memory first and then write it. If the write fails the in-memory
/// state no longer matches storage, so the activation is retired and the next call starts from what was stored: a
/// failed request leaves no trace.
/// </summary>
public abstract class DurableGrain : Grain
{
    /// <summary>Writes <paramref name="state"/>; on failure retires the activation and rethrows.</summary>
    protected async Task SaveAsync<TState>(IPersistentState<TState> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
