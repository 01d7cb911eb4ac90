using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// One grain's state write (or clear) waiting for group commit. The batch executor records the outcome in
/// <see cref="NewVersion"/> / <see cref="StoredVersion"/>; the caller learns it only after the transaction committed.
/// </summary>
internal sealed class StateWrite
{
    private const int Pending = 0;
    private const int Taken = 1;
    private const int Canceled = 2;

    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _status;

    public StateWrite(string stateName, GrainId grainId, long? expectedVersion, byte[]? payload, IReadOnlyList<OutboxEvent>? events)
    {
        StateName = stateName;
        GrainId = grainId;
        ExpectedVersion = expectedVersion;
        Payload = payload;
        Events = events is { Count: > 0 } ? events : null;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The version the writer read; null inserts (the record must not exist).</summary>
    public long? ExpectedVersion { get; }

    /// <summary>The serialized state; null clears it (the row stays as a tombstone with a new version).</summary>
    public byte[]? Payload { get; }

    /// <summary>Events to append in the same transaction, only if the state write succeeds.</summary>
    public IReadOnlyList<OutboxEvent>? Events { get; }

    /// <summary>Set by the executor: the version written, or null when the etag check failed.</summary>
    public long? NewVersion { get; set; }

    /// <summary>Set by the executor on a conflict: the version found in storage (null when there is no row).</summary>
    public long? StoredVersion { get; set; }

    /// <summary>Completes with the new version, or faults with the reason the write was not stored.</summary>
    public Task<long> Task => _completion.Task;

    /// <summary>Claims the write for a batch; false when the caller gave up first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _status, Taken, Pending) == Pending;

    /// <summary>Withdraws the write if no batch has taken it yet (a taken write always gets a definite answer).</summary>
    public void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _status, Canceled, Pending) == Pending)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>Clears the executor's outcome before a (re)try.</summary>
    public void ResetOutcome()
    {
        NewVersion = null;
        StoredVersion = null;
    }

    /// <summary>Reports the outcome the executor recorded (after commit).</summary>
    public void Complete()
    {
        if (NewVersion is { } version)
        {
            _completion.TrySetResult(version);
        }
        else
        {
            _completion.TrySetException(new InconsistentStateException(
                $"State '{StateName}' of {GrainId} was changed by someone else: stored version {StoredVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, " +
                $"expected {ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}.",
                StoredVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Reports that nothing was stored because the database failed.</summary>
    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
