using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Streams.Gateway;

/// <summary>
/// A silo-side entry to a stream provider's store for code that has none: cluster clients publish and read streams
/// through it (key: <c>provider/slot</c>, so load spreads over silos).
/// </summary>
internal interface IStreamGatewayGrain : IGrainWithStringKey
{
    /// <summary>Appends events to one stream (all or none).</summary>
    Task PublishAsync(string streamNamespace, string streamKey, List<string> eventTypes, List<byte[]> payloads);

    /// <summary>Up to <paramref name="maxCount"/> events of a stream after a sequence number.</summary>
    Task<List<StreamEventRecord>> ReadAsync(string streamNamespace, string streamKey, long afterSequence, int maxCount);

    /// <summary>The stream's last sequence number (0 when it has none).</summary>
    Task<long> ReadHeadAsync(string streamNamespace, string streamKey);
}
