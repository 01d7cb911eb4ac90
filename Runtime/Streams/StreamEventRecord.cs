using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Streams;

/// <summary>One stored stream event as the runtime moves it between silos (deliveries, client reads).</summary>
/// <param name="Id">Insertion order within the provider's store (gaps possible).</param>
/// <param name="Namespace">The stream's namespace.</param>
/// <param name="Key">The stream's key.</param>
/// <param name="Sequence">The event's gapless sequence number in its stream (1, 2, 3 …).</param>
/// <param name="EventType">The event's type name.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="CreatedAt">When the event was committed (store clock).</param>
[GenerateSerializer]
public sealed record StreamEventRecord(
    [property: Id(0)] long Id,
    [property: Id(1)] string Namespace,
    [property: Id(2)] string Key,
    [property: Id(3)] long Sequence,
    [property: Id(4)] string EventType,
    [property: Id(5)] byte[] Payload,
    [property: Id(6)] DateTimeOffset CreatedAt);
