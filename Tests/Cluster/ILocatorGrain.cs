using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Cluster;

[GenerateSerializer]
public sealed record Location([property: Id(0)] string Silo, [property: Id(1)] Guid Activation, [property: Id(2)] int Calls);

[GenerateSerializer]
public sealed class LocatorState
{
    [Id(0)]
    public int Writes { get; set; }
}

public interface ILocatorGrain : IGrainWithIntegerKey
{
    /// <summary>Where this grain runs, which activation, and how many calls this activation served.</summary>
    Task<Location> Locate();

    /// <summary>Increments a persisted counter (etag-checked).</summary>
    Task<int> Write();

    /// <summary>Calls another grain and returns where that one runs.</summary>
    Task<Location> LocateOther(long key);
}

public sealed class LocatorGrain : Grain, ILocatorGrain
{
    private readonly string _silo;
    private readonly Guid _activation = Guid.NewGuid();
    private readonly IPersistentState<LocatorState> _state;
    private int _calls;

    public LocatorGrain(IOptions<SiloOptions> silo, [PersistentState("locator")] IPersistentState<LocatorState> state)
    {
        _silo = silo.Value.SiloName;
        _state = state;
    }

    public Task<Location> Locate() => Task.FromResult(new Location(_silo, _activation, ++_calls));

    public async Task<int> Write()
    {
        _state.State.Writes++;
        await _state.WriteStateAsync();
        return _state.State.Writes;
    }

    public Task<Location> LocateOther(long key) => GrainFactory.GetGrain<ILocatorGrain>(key).Locate();
}
