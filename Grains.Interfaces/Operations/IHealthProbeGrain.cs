using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces.Operations;

/// <summary>Answers readiness probes: a call that reaches a grain and reads from its storage.</summary>
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Reads the grain's state from storage and answers true.</summary>
    Task<bool> Check();
}
