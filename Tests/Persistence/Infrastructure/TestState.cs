using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A grain state to drive a storage provider directly, as an activation would.</summary>
public sealed class TestState<T> : IGrainState<T>
{
    public TestState(T state)
    {
        State = state;
    }

    public T State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
