using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Tests.Readme;

/// <summary>A durable counter: its total lives in the silo's default grain storage.</summary>
public sealed class TallyGrain([PersistentState("readme-tally", "Default")] IPersistentState<TallyState> state) : Grain, ITallyGrain
{
    public async Task<long> Add(long amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }
}

/// <summary>The counter's state.</summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.TallyState")]
public sealed class TallyState
{
    [Id(0)]
    public long Total { get; set; }
}
