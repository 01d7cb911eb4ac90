using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Streams;

/// <summary>Events of one stream for one subscription of a consumer grain, in sequence order (runtime infrastructure).</summary>
[GenerateSerializer]
public sealed class StreamDelivery
{
    /// <summary>The stream provider's name.</summary>
    [Id(0)]
    public string Provider { get; set; } = string.Empty;

    /// <summary>The stream's namespace.</summary>
    [Id(1)]
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The stream's key.</summary>
    [Id(2)]
    public string Key { get; set; } = string.Empty;

    /// <summary>The subscription the events are delivered for.</summary>
    [Id(3)]
    public Guid SubscriptionId { get; set; }

    /// <summary>The events, by sequence.</summary>
    [Id(4)]
    public List<StreamEventRecord> Events { get; set; } = [];
}
