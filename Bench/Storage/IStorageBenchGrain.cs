using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Bench.Storage;

/// <summary>A small state, about the size of an account's hot state.</summary>
[GenerateSerializer]
public sealed class StorageBenchState
{
    [Id(0)]
    public long Counter { get; set; }

    [Id(1)]
    public long LastValue { get; set; }

    [Id(2)]
    public string Label { get; set; } = string.Empty;
}

public interface IStorageBenchGrain : IGrainWithIntegerKey
{
    /// <summary>Changes the state and writes it; returns once storage acknowledged the write.</summary>
    Task Write(long value);
}

public sealed class StorageBenchGrain : Grain, IStorageBenchGrain
{
    private readonly IPersistentState<StorageBenchState> _state;

    public StorageBenchGrain([PersistentState("bench")] IPersistentState<StorageBenchState> state)
    {
        _state = state;
    }

    public Task Write(long value)
    {
        var state = _state.State;
        state.Counter++;
        state.LastValue = value;
        state.Label = "bench";
        return _state.WriteStateAsync();
    }
}
