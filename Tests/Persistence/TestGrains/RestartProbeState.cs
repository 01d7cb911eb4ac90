using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>The state of <see cref="RestartProbeGrain"/>.</summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.Persistence.RestartProbeState")]
public sealed class RestartProbeState
{
    [Id(0)]
    public int Total { get; set; }
}
