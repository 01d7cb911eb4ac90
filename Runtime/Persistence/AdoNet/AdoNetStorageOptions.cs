namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// Settings every ADO.NET database shares (configuration section <c>GrainStorage:&lt;name&gt;</c>, or
/// <c>Reminders:Storage</c> for the reminder table). When grain storage and reminders point at the same
/// database they share one connection pool and writer, set up from whichever registration came first.
/// </summary>
public abstract class AdoNetStorageOptions
{
    /// <summary>The most state writes committed in one transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long one database command may run before it fails.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times an operation is tried when it failed without reaching the database (no connection, a
    /// deadlock or a busy database); an operation whose outcome is unknown is never repeated.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The back-off before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How many partitions outbox streams are spread over (stream provider partitions). Fixed per deployment:
    /// changing it moves streams to other partitions.
    /// </summary>
    public int EventPartitionCount { get; set; } = StreamPartitioner.DefaultPartitionCount;
}
