using System.Globalization;

namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// The position of an event in its stream: the stream's gapless sequence number (1, 2, 3 …). Handlers receive it
/// with every event so they can take each effect once (ignore what they already applied); subscribing or resuming
/// with a token rewinds the subscription to start at that event.
/// </summary>
public sealed class StreamSequenceToken : IEquatable<StreamSequenceToken>, IComparable<StreamSequenceToken>
{
    /// <summary>Creates a token.</summary>
    /// <param name="sequenceNumber">The event's sequence number in its stream (at least 1).</param>
    public StreamSequenceToken(long sequenceNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceNumber, 1);
        SequenceNumber = sequenceNumber;
    }

    /// <summary>The event's sequence number in its stream.</summary>
    public long SequenceNumber { get; }

    /// <inheritdoc />
    public int CompareTo(StreamSequenceToken? other) => other is null ? 1 : SequenceNumber.CompareTo(other.SequenceNumber);

    /// <inheritdoc />
    public bool Equals(StreamSequenceToken? other) => other is not null && other.SequenceNumber == SequenceNumber;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StreamSequenceToken other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => SequenceNumber.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => SequenceNumber.ToString(CultureInfo.InvariantCulture);
}
