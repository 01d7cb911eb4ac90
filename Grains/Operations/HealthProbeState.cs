using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Operations;

/// <summary>Nothing worth keeping: the probe only proves storage answers a read.</summary>
[GenerateSerializer]
public sealed class HealthProbeState
{
    [Id(0)]
    public int Checks { get; set; }
}
