namespace OrleansBackend.Tests.Streams.TestGrains;

public static class StreamTestNames
{
    public const string Provider = "Default";

    /// <summary>Implicitly consumed by <see cref="ImplicitConsumerGrain"/>.</summary>
    public const string Counter = "counter";

    /// <summary>No implicit subscriber: explicit subscriptions only.</summary>
    public const string Topic = "topic";

    /// <summary>Implicitly subscribed by a grain that attaches no handler.</summary>
    public const string Silent = "silent";
}
