using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>One subscription of a stream as its lane delivers to it: the consumer and how far it got.</summary>
internal sealed class LaneSubscription
{
    /// <summary>An implicit subscription with no recorded progress starts at the first event its lane sees.</summary>
    public const long UnknownPosition = -1;

    public LaneSubscription(Guid id, StreamId stream, GrainId consumer, bool isImplicit, long position, long epoch, IStreamConsumerExtension target, bool isRecorded)
    {
        IsRecorded = isRecorded;
        Id = id;
        Stream = stream;
        Consumer = consumer;
        IsImplicit = isImplicit;
        Position = position;
        Epoch = epoch;
        Target = target;
    }

    public Guid Id { get; }

    public StreamId Stream { get; }

    public GrainId Consumer { get; }

    public bool IsImplicit { get; }

    public IStreamConsumerExtension Target { get; }

    /// <summary>True when the store keeps a row for this subscription, so its position is recorded.</summary>
    public bool IsRecorded { get; }

    /// <summary>The last sequence delivered (or parked) for this subscription; written by its lane only.</summary>
    public long Position { get; set; }

    public long Epoch { get; set; }

    public SubscriptionRecord ToRecord() => new(Id, Stream, Consumer, IsImplicit, Position, Epoch);
}
