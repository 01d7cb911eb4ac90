namespace OrleansBackend.Bench.Storage;

/// <summary>A grain that writes its state on every call.</summary>
[Alias("OrleansBackend.Bench.IStorageBenchGrain")]
public interface IStorageBenchGrain : IGrainWithIntegerKey
{
    /// <summary>Changes the state and writes it; returns once storage acknowledged the write.</summary>
    [Alias("Write")]
    Task Write(long value);
}
