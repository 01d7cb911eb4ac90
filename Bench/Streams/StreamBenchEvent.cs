namespace OrleansBackend.Bench.Streams;

/// <summary>What the stream benchmark publishes: the publisher's running number for the stream and when it was sent.</summary>
[GenerateSerializer, Alias("OrleansBackend.Bench.StreamBenchEvent")]
public sealed record StreamBenchEvent([property: Id(0)] long Value, [property: Id(1)] long SentTimestamp);
