using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Tests.Streams;

/// <summary>One 3-silo cluster per backend, shared by the tests of a class (they use keys of their own).</summary>
public abstract class StreamClusterFixture : IAsyncLifetime
{
    private readonly StreamBackend _backend;

    protected StreamClusterFixture(StreamBackendKind kind)
    {
        _backend = new StreamBackend(kind);
        Cluster = _backend.BuildCluster();
    }

    public TestCluster Cluster { get; }

    public Task InitializeAsync() => _backend.DeployAsync(Cluster);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _backend.DisposeAsync();
    }
}

public sealed class MemoryStreamClusterFixture() : StreamClusterFixture(StreamBackendKind.Memory);

public sealed class PostgresStreamClusterFixture() : StreamClusterFixture(StreamBackendKind.Postgres);

public sealed class SqliteStreamClusterFixture() : StreamClusterFixture(StreamBackendKind.Sqlite);

public sealed class MemoryProviderClusterFixture() : StreamClusterFixture(StreamBackendKind.MemoryProvider);
