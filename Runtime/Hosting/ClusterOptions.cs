namespace OrleansBackend.Runtime.Hosting;

/// <summary>How silos and clients of a cluster talk (configuration section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>
    /// The shared secret every silo and client proves it knows before any grain message is accepted
    /// (at least 16 characters). Keep it out of source control: set it through the environment.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Frames that may wait on one connection before senders are made to wait (back-pressure).</summary>
    public int SendQueueCapacity { get; set; } = 16_384;

    /// <summary>How many times a request may be passed on to the silo that owns its grain.</summary>
    public int MaxForwardCount { get; set; } = 2;

    /// <summary>How long connecting to a peer (TCP connect plus handshake) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
