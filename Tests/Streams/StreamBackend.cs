using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Streams;

/// <summary>Where a stream test keeps its events: the test cluster's memory storage, a PostgreSQL schema or a SQLite file of its own.</summary>
public enum StreamBackendKind
{
    Memory,
    Postgres,
    Sqlite,

    /// <summary>The in-memory (best-effort) provider instead of the durable one.</summary>
    MemoryProvider,
}

/// <summary>Builds 3-silo test clusters whose default storage and durable stream provider use one backend.</summary>
public sealed class StreamBackend : IAsyncDisposable
{
    private readonly PostgresSchema? _schema;
    private readonly SqliteFile? _sqlite;

    public StreamBackend(StreamBackendKind kind)
    {
        Kind = kind;
        if (kind == StreamBackendKind.Postgres)
        {
            _schema = new PostgresSchema();
        }
        else if (kind == StreamBackendKind.Sqlite)
        {
            _sqlite = new SqliteFile();
        }
    }

    public StreamBackendKind Kind { get; }

    public PostgresSchema? Schema => _schema;

    public SqliteFile? Sqlite => _sqlite;

    /// <summary>Fast retries and polling, so failures and moves resolve quickly in tests.</summary>
    public static void FastOptions(StreamProviderOptions options)
    {
        options.PollInterval = TimeSpan.FromMilliseconds(5);
        options.CheckpointInterval = TimeSpan.FromMilliseconds(30);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        options.MaxDeliveryAttempts = 3;
        options.ClientPollInterval = TimeSpan.FromMilliseconds(10);
    }

    public TestCluster BuildCluster(int silos = 3)
    {
        var builder = new TestClusterBuilder(silos)
            .ConfigureSilo(silo =>
            {
                switch (Kind)
                {
                    case StreamBackendKind.Postgres:
                        silo.AddPostgresGrainStorage(GrainStorageNames.Default, o =>
                        {
                            o.ConnectionString = _schema!.ConnectionString;
                            o.Schema = _schema.Name;
                            o.MaxPoolSize = 8;
                        });
                        break;
                    case StreamBackendKind.Sqlite:
                        silo.AddSqliteGrainStorage(GrainStorageNames.Default, _sqlite!.Path);
                        break;
                }

                if (Kind == StreamBackendKind.MemoryProvider)
                {
                    silo.AddMemoryStreams(StreamProviderNames.Default, FastOptions);
                }
                else
                {
                    silo.AddDurableStreams(StreamProviderNames.Default, GrainStorageNames.Default, FastOptions);
                }
            });
        if (silos > 1)
        {
            builder.ConfigureClient(client => client.AddStreams(StreamProviderNames.Default));
        }

        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }

        _sqlite?.Dispose();
    }
}
