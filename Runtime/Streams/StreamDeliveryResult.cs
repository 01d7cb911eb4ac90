using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Streams;

/// <summary>How far a delivery got: the events handled before the first failure, and that failure (runtime infrastructure).</summary>
/// <param name="Handled">How many events of the delivery were handled (or had been before), from the first.</param>
/// <param name="Error">Why the next event failed (its type and message); null when all were handled.</param>
[GenerateSerializer]
public readonly record struct StreamDeliveryResult(
    [property: Id(0)] int Handled,
    [property: Id(1)] string? Error);
