using Orleans;

namespace OrleansBackend.Grains.Operations;

/// <summary>Nothing worth keeping: the probe only proves storage answers a read.</summary>
[GenerateSerializer, Alias("OrleansBackend.HealthProbeState")]
public sealed class HealthProbeState
{
    /// <summary>Unused: the probe only reads.</summary>
    [Id(0)]
    public int Checks { get; set; }
}
