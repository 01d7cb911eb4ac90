using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Persistence.TestGrains;

[GenerateSerializer]
public sealed class DurableCounter
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string? Note { get; set; }
}

[GenerateSerializer]
public sealed record CounterAdded([property: Id(0)] string Counter, [property: Id(1)] int Amount, [property: Id(2)] int Total);

public interface IDurableCounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    /// <summary>Adds and publishes <paramref name="eventCount"/> events to stream ("counter", <paramref name="streamKey"/>) in the same transaction.</summary>
    Task<int> AddWithEvents(int amount, string streamKey, int eventCount, string eventType);

    Task<int> Get();

    Task<string?> Etag();

    Task<bool> Exists();

    Task Clear();

    Task<Guid> ActivationId();
}

/// <summary>A counter in the default grain storage. A failed write retires the activation, so the next call starts from what storage holds.</summary>
public sealed class DurableCounterGrain : Grain, IDurableCounterGrain
{
    private readonly IPersistentState<DurableCounter> _state;
    private readonly Guid _activationId = Guid.NewGuid();

    public DurableCounterGrain([PersistentState("counter")] IPersistentState<DurableCounter> state)
    {
        _state = state;
    }

    public async Task<int> Add(int amount)
    {
        _state.State.Value += amount;
        await WriteAsync(() => _state.WriteStateAsync());
        return _state.State.Value;
    }

    public async Task<int> AddWithEvents(int amount, string streamKey, int eventCount, string eventType)
    {
        _state.State.Value += amount;
        var events = new List<OutboxEvent>(eventCount);
        for (var i = 0; i < eventCount; i++)
        {
            events.Add(OutboxEvent.Create("counter", streamKey, new CounterAdded(this.GetPrimaryKeyString(), amount, _state.State.Value), eventType));
        }

        await WriteAsync(() => _state.WriteStateAsync(events));
        return _state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(_state.State.Value);

    public Task<string?> Etag() => Task.FromResult(_state.Etag);

    public Task<bool> Exists() => Task.FromResult(_state.RecordExists);

    public Task Clear() => WriteAsync(() => _state.ClearStateAsync());

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    private async Task WriteAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (StorageException)
        {
            // The in-memory state now differs from storage (and the write may even have committed): start over.
            DeactivateOnIdle();
            throw;
        }
    }
}
