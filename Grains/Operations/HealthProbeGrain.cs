using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Operations;

namespace OrleansBackend.Grains.Operations;

/// <summary>Proves that a grain call gets through and that grain storage answers.</summary>
public sealed class HealthProbeGrain : DurableGrain, IHealthProbeGrain
{
    private readonly IPersistentState<HealthProbeState> _state;

    /// <summary>Creates the activation.</summary>
    public HealthProbeGrain([PersistentState("health-probe", StorageNames.Default)] IPersistentState<HealthProbeState> state)
    {
        _state = state;
    }

    /// <inheritdoc />
    public async Task<bool> Check()
    {
        await _state.ReadStateAsync();
        return true;
    }
}
