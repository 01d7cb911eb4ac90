using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces;

/// <summary>A trivial grain for health checks and benchmarks.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Answers at once.</summary>
    Task<int> Ping(int value);
}
