using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Runtime.TestGrains;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public List<string> History { get; set; } = [];
}

public interface IStateGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Get();

    Task<string?> Etag();

    Task<bool> Exists();

    Task Clear();

    Task<Guid> ActivationId();
}

public sealed class StateGrain : Grain, IStateGrain
{
    private readonly IPersistentState<CounterState> _state;
    private readonly Guid _activationId = Guid.NewGuid();

    public StateGrain([PersistentState("counter", "store")] IPersistentState<CounterState> state)
    {
        _state = state;
    }

    public async Task<int> Add(int amount)
    {
        _state.State.Value += amount;
        _state.State.History.Add($"+{amount}");
        await _state.WriteStateAsync();
        return _state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(_state.State.Value);

    public Task<string?> Etag() => Task.FromResult(_state.Etag);

    public Task<bool> Exists() => Task.FromResult(_state.RecordExists);

    public Task Clear() => _state.ClearStateAsync();

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);
}
