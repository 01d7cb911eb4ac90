using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// Maps a stream to one of a fixed number of partitions with a hash that every process computes alike, so writers
/// and the silos that own partitions agree. Changing the partition count re-maps streams: keep it fixed per deployment.
/// </summary>
public static class StreamPartitioner
{
    /// <summary>The partition count storage providers use unless configured otherwise.</summary>
    public const int DefaultPartitionCount = 16;

    /// <summary>The partition of stream (<paramref name="streamNamespace"/>, <paramref name="streamKey"/>).</summary>
    public static int GetPartition(string streamNamespace, string streamKey, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)(StableHash.Of(streamNamespace, streamKey) % (ulong)partitionCount);
    }
}
