using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>What the stream tests publish: a value, and whether handlers must fail on it (a poison event).</summary>
[GenerateSerializer]
public sealed record TestEvent([property: Id(0)] int Value, [property: Id(1)] bool Poison = false);
