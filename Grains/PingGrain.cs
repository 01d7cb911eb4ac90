using Orleans;
using OrleansBackend.Grains.Interfaces;

namespace OrleansBackend.Grains;

/// <summary>Echoes its argument; measures the runtime, not the grain.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    /// <inheritdoc />
    public Task<int> Ping(int value) => Task.FromResult(value);
}
