namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// Settings of one stream provider (configuration section <c>Streams:&lt;provider name&gt;</c>). The defaults suit
/// production; tests shorten the delays.
/// </summary>
public sealed class StreamProviderOptions
{
    /// <summary>The configuration section of provider <paramref name="name"/>.</summary>
    public static string SectionOf(string name) => $"Streams:{name}";

    /// <summary>The most events one read of a partition returns.</summary>
    public int ReadBatchSize { get; set; } = 512;

    /// <summary>The most events of one stream handed to a consumer in one delivery.</summary>
    public int MaxDeliveryBatch { get; set; } = 128;

    /// <summary>
    /// The most events a partition's agent holds that are read but not yet handled: it stops reading until
    /// consumers catch up (back-pressure instead of an unbounded buffer).
    /// </summary>
    public int MaxPendingEventsPerPartition { get; set; } = 8192;

    /// <summary>How long a partition's agent waits before reading again after a read found nothing new.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often delivery progress (partition checkpoints, subscription positions) is written.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a consumer is offered an event whose handler keeps failing before it is parked as a dead letter.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The back-off before the first retry of a failed delivery; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a subscription made outside a grain (a client's) looks for new events when it found none.</summary>
    public TimeSpan ClientPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most streams whose subscriptions an agent keeps in memory per partition; idle ones beyond it are dropped.</summary>
    public int MaxCachedStreamsPerPartition { get; set; } = 20_000;
}
