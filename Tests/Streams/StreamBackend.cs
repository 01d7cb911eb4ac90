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

    /// <summary>
    /// Creates the SQLite schema before a cluster starts, so its silos do not all queue for the file's write lock
    /// (migrations hold it while they run) in the middle of joining the cluster.
    /// </summary>
    public async Task PrepareAsync()
    {
        if (Kind == StreamBackendKind.Sqlite)
        {
            // Three silos in one process share one SQLite file: a silo waiting for the file's write lock blocks a
            // thread in SQLite's busy handler (as separate processes would, each with a pool of its own). Give this
            // process's pool room for that, or membership probes starve and a silo is voted dead while joining.
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            ThreadPool.SetMinThreads(Math.Max(workers, 32), completionPorts);
            await using var silo = await StorageSilo.StartAsync("prepare", s => s.AddSqliteGrainStorage(GrainStorageNames.Default, _sqlite!.Path));
        }
    }

    /// <summary>
    /// Starts the cluster one silo at a time (then waits for a stable view): silos that join together probe each
    /// other while still starting, and on a loaded 2-core machine one is sometimes voted dead before it is up.
    /// </summary>
    public async Task DeployAsync(TestCluster cluster, int silos = 3)
    {
        await PrepareAsync();
        await cluster.DeployAsync();
        for (var i = 1; i < silos; i++)
        {
            await cluster.StartAdditionalSiloAsync();
        }

        try
        {
            await cluster.WaitForLivenessToStabilizeAsync();
        }
        catch (TimeoutException exception)
        {
            // Say what membership looked like: which silos the table holds, in which state, with which votes.
            var table = await cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
            var rows = string.Join("; ", table.Entries.Select(r => $"{r.Entry.SiloName} {r.Entry.Address} {r.Entry.Status} votes=[{string.Join(",", r.Entry.Suspicions.Select(v => v.Voter.ToString()))}]"));
            var running = string.Join(", ", cluster.Silos.Select(s => s.ToString()));
            throw new TimeoutException($"{exception.Message} Running: {running}. Table: {rows}", exception);
        }
    }

    /// <summary>
    /// Three silos share one SQLite file, whose write lock they take in turn (waiting in SQLite's busy handler, which
    /// holds a thread): record progress less often so that waiting does not starve the silos' other work.
    /// </summary>
    public static void SqliteOptions(StreamProviderOptions options)
    {
        FastOptions(options);
        options.PollInterval = TimeSpan.FromMilliseconds(20);
        options.CheckpointInterval = TimeSpan.FromMilliseconds(250);
    }

    public TestCluster BuildCluster()
    {
        var builder = new TestClusterBuilder(1)
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
                    silo.AddDurableStreams(StreamProviderNames.Default, GrainStorageNames.Default, Kind == StreamBackendKind.Sqlite ? SqliteOptions : FastOptions);
                }
            });
        builder.Options.Clustered = true;
        builder.ConfigureClient(client => client.AddStreams(StreamProviderNames.Default));
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
