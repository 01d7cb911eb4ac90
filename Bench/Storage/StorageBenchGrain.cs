using OrleansBackend.Grains.Hosting;

namespace OrleansBackend.Bench.Storage;

/// <summary>Writes its state through the silo's <c>Default</c> grain storage, under a state name of its own.</summary>
public sealed class StorageBenchGrain : Grain, IStorageBenchGrain
{
    private readonly IPersistentState<StorageBenchState> _state;

    /// <summary>Creates the grain with its persistent state.</summary>
    public StorageBenchGrain([PersistentState("benchStorage", StorageNames.Default)] IPersistentState<StorageBenchState> state)
    {
        _state = state;
    }

    /// <inheritdoc />
    public Task Write(long value)
    {
        var state = _state.State;
        state.Counter++;
        state.LastValue = value;
        state.Label = "bench";
        return _state.WriteStateAsync();
    }
}
