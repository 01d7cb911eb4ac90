using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains;

/// <summary>Echoes its argument; measures the runtime, not the grain.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value);
}
