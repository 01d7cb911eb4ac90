using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansBackend.Hosting.Sqlite;

/// <summary>
/// Wraps the ADO.NET grain storage of a SQLite database so that its writes and clears pass one at a time, in arrival
/// order, through the file's <see cref="SqliteWriteGate"/> (reads go straight through: with write-ahead logging they do
/// not wait for writers). Orleans' ADO.NET provider opens a connection per operation and leaves contention to the
/// engine, which SQLite resolves unfairly.
/// </summary>
internal sealed class SerializedGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage _inner;
    private readonly SqliteWriteGate _gate;

    public SerializedGrainStorage(IGrainStorage inner, SqliteWriteGate gate)
    {
        _inner = inner;
        _gate = gate;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _gate.RunAsync(() => _inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _gate.RunAsync(() => _inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle observer) => (_inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
