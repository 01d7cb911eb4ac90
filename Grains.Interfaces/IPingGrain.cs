using Orleans;

namespace OrleansBackend.Grains.Interfaces;

/// <summary>A trivial grain for health checks and benchmarks.</summary>
[Alias("OrleansBackend.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Answers at once.</summary>
    [Alias("Ping")]
    Task<int> Ping(int value);
}
