using OrleansBackend.Grains.Interfaces.Operations;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Grains.Operations;

/// <summary>Proves that a grain call gets through and that grain storage answers.</summary>
public sealed class HealthProbeGrain : DurableGrain, IHealthProbeGrain
{
    private readonly IPersistentState<HealthProbeState> _state;

    public HealthProbeGrain([PersistentState("probe")] IPersistentState<HealthProbeState> state)
    {
        _state = state;
    }

    public async Task<bool> Check()
    {
        await _state.ReadStateAsync();
        return true;
    }
}
