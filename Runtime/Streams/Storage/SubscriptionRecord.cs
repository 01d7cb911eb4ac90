using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>
/// A subscription of a consumer grain to a stream as the store keeps it: explicit subscriptions exist until they are
/// removed; an implicit subscription's row only records its progress.
/// </summary>
/// <param name="Id">The subscription id (implicit ones: derived from grain type and namespace).</param>
/// <param name="Stream">The stream.</param>
/// <param name="Consumer">The consumer grain.</param>
/// <param name="IsImplicit">True for an implicit subscription.</param>
/// <param name="Position">The last sequence number delivered (or skipped) for it.</param>
/// <param name="Epoch">Bumped by every rewind, so progress recorded before a rewind cannot undo it.</param>
internal sealed record SubscriptionRecord(Guid Id, StreamId Stream, GrainId Consumer, bool IsImplicit, long Position, long Epoch);
