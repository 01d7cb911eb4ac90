using System.Globalization;
using Orleans.Storage;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>
/// One grain's state write (or clear) waiting for group commit. The batch records its outcome here
/// (<see cref="NewVersion"/>, <see cref="StoredVersion"/>); the caller learns it only after the batch committed.
/// </summary>
internal sealed class StateWrite
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateWrite(StateKey key, long? expectedVersion, byte[]? payload)
    {
        Key = key;
        ExpectedVersion = expectedVersion;
        Payload = payload;
    }

    public StateKey Key { get; }

    /// <summary>The version the writer read; null inserts (the row must not exist yet).</summary>
    public long? ExpectedVersion { get; }

    /// <summary>The serialized state; null clears it (the row stays, payload null, with a new version).</summary>
    public byte[]? Payload { get; }

    /// <summary>Set by the batch: the version written, or null when the etag check failed.</summary>
    public long? NewVersion { get; set; }

    /// <summary>Set by the batch on a conflict: the version found in storage (null when there is no row).</summary>
    public long? StoredVersion { get; set; }

    /// <summary>Completes with the new version, or faults with the reason the write was not stored.</summary>
    public Task<long> Task => _completion.Task;

    /// <summary>Answers the caller with the outcome the batch recorded; call only after the batch committed.</summary>
    public void Complete(string storageName)
    {
        if (NewVersion is { } version)
        {
            _completion.TrySetResult(version);
            return;
        }

        var stored = StoredVersion?.ToString(CultureInfo.InvariantCulture);
        var expected = ExpectedVersion?.ToString(CultureInfo.InvariantCulture);
        _completion.TrySetException(new InconsistentStateException(
            $"Version conflict ({(Payload is null ? "ClearState" : "WriteState")}) in grain storage '{storageName}': state '{Key.StateName}' of {Key.GrainType}/{Key.GrainId} " +
            $"is at version {stored ?? "(none)"}, the writer expected {expected ?? "(none)"}.",
            stored,
            expected));
    }

    /// <summary>Answers the caller that nothing was stored.</summary>
    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
