using Orleans;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>The state of <see cref="OutboxProbeGrain"/>: how many writes it made, and the outbox.</summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.Streams.OutboxProbeState")]
public sealed class OutboxProbeState : IEventSourceState
{
    [Id(0)]
    public int Writes { get; set; }

    [Id(1)]
    public List<DomainEvent> Outbox { get; set; } = [];
}
