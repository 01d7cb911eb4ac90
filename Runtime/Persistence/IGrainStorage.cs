using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// A grain storage provider. Writes and clears must be conditional on <see cref="IGrainState{TState}.ETag"/>
/// (an insert when it is null) and throw <see cref="InconsistentStateException"/> on a mismatch; failures of the
/// storage itself surface as <see cref="StorageException"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Loads the state (a default value and a null etag when none is stored).</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Stores the state and sets the new etag.</summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Removes the state and sets the new etag.</summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}
