using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>An event a subscription could not handle after every attempt: parked with its error, and the stream moved on.</summary>
internal sealed record DeadLetter(
    StreamEventRecord Event,
    Guid SubscriptionId,
    GrainId Consumer,
    string Error,
    int Attempts,
    DateTimeOffset FailedAt);
