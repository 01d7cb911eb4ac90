using Orleans;

namespace OrleansBackend.Grains.Interfaces.Operations;

/// <summary>Answers readiness probes: a call that reaches a grain and reads from its storage.</summary>
[Alias("OrleansBackend.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Reads the grain's state from storage and answers true.</summary>
    [Alias("Check")]
    Task<bool> Check();
}
