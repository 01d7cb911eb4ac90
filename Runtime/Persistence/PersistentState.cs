using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: state plus etag, bound to one activation.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IActivationStateLoader
{
    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;
    private readonly ActivationData _activation;

    public PersistentState(string stateName, GrainId grainId, IGrainStorage storage, ActivationData activation)
    {
        _stateName = stateName;
        _grainId = grainId;
        _storage = storage;
        _activation = activation;
        State = default!;
    }

    public TState State { get; set; }

    public string? Etag => ETag;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    public Task LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStateAsync(_stateName, _grainId, this, cancellationToken);

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.WriteStateAsync(_stateName, _grainId, this, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            // This copy of the state is stale: retire the activation so the next call starts from storage.
            _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.InconsistentState, $"State '{_stateName}' was changed elsewhere."));
            throw;
        }
    }

    public async Task WriteStateAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_storage is not IOutboxGrainStorage outbox)
        {
            throw new NotSupportedException(
                $"The grain storage of state '{_stateName}' ({_storage.GetType().Name}) cannot commit events with state; use a storage that implements {nameof(IOutboxGrainStorage)}.");
        }

        try
        {
            await outbox.WriteStateAsync(_stateName, _grainId, this, events, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.InconsistentState, $"State '{_stateName}' was changed elsewhere."));
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearStateAsync(_stateName, _grainId, this, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.InconsistentState, $"State '{_stateName}' was changed elsewhere."));
            throw;
        }
    }
}
