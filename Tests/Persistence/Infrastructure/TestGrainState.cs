using Orleans;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A grain's state as an activation holds it, to drive a grain storage directly (the ETag is the test's to set).</summary>
public sealed class TestGrainState<T> : IGrainState<T>
    where T : class, new()
{
    private T _state = new();

    /// <summary>The state (a new one where the storage sets none).</summary>
    public T State
    {
        get => _state;
        set => _state = value;
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    T? IGrainState<T>.State
    {
        get => _state;
        set => _state = value ?? new T();
    }
}
