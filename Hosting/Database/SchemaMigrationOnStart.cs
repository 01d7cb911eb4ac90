using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansBackend.Hosting.Postgres;
using OrleansBackend.Hosting.Sqlite.Streams;

namespace OrleansBackend.Hosting.Database;

/// <summary>
/// Brings every database the silo's ADO.NET and own providers use (grain storages, reminders, stream providers) up to the
/// backend's schema when the silo starts, before any provider reads its statements from <c>OrleansQuery</c>. A database
/// that does not answer is tried again for a while (a container starting next to it), with each attempt logged.
/// </summary>
internal sealed partial class SchemaMigrationOnStart : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int MaxAttempts = 15;

    private readonly BackendProviderNames _names;
    private readonly IOptionsMonitor<AdoNetGrainStorageOptions> _storage;
    private readonly IOptionsMonitor<PostgresGroupCommitOptions> _groupCommitStorage;
    private readonly IOptions<AdoNetReminderTableOptions> _reminders;
    private readonly IOptionsMonitor<AdoNetStreamOptions> _adoNetStreams;
    private readonly IOptionsMonitor<SqliteStreamOptions> _sqliteStreams;
    private readonly DatabaseMigrator _migrator;
    private readonly ILogger<SchemaMigrationOnStart> _logger;

    public SchemaMigrationOnStart(
        BackendProviderNames names,
        IOptionsMonitor<AdoNetGrainStorageOptions> storage,
        IOptionsMonitor<PostgresGroupCommitOptions> groupCommitStorage,
        IOptions<AdoNetReminderTableOptions> reminders,
        IOptionsMonitor<AdoNetStreamOptions> adoNetStreams,
        IOptionsMonitor<SqliteStreamOptions> sqliteStreams,
        DatabaseMigrator migrator,
        ILogger<SchemaMigrationOnStart> logger)
    {
        _names = names;
        _storage = storage;
        _groupCommitStorage = groupCommitStorage;
        _reminders = reminders;
        _adoNetStreams = adoNetStreams;
        _sqliteStreams = sqliteStreams;
        _migrator = migrator;
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationOnStart), ServiceLifecycleStage.RuntimeInitialize, MigrateAllAsync);

    /// <summary>The databases the providers are configured with, each once.</summary>
    public IReadOnlyCollection<DatabaseTarget> Targets()
    {
        var targets = new HashSet<DatabaseTarget>();
        void Add(string? invariant, string? connectionString)
        {
            if (AdoNetInvariants.EngineOf(invariant) is { } engine && !string.IsNullOrWhiteSpace(connectionString))
            {
                targets.Add(new DatabaseTarget(engine, connectionString));
            }
        }

        foreach (var name in _names.GrainStorages)
        {
            var options = _storage.Get(name);
            Add(options.Invariant, options.ConnectionString ?? options.DataSource?.ConnectionString);
            Add(AdoNetInvariants.PostgreSql, _groupCommitStorage.Get(name).ConnectionString);
        }

        Add(_reminders.Value.Invariant, _reminders.Value.ConnectionString ?? _reminders.Value.DataSource?.ConnectionString);
        foreach (var name in _names.StreamProviders)
        {
            var adoNet = _adoNetStreams.Get(name);
            Add(adoNet.Invariant, adoNet.ConnectionString ?? adoNet.DataSource?.ConnectionString);
            Add(AdoNetInvariants.Sqlite, _sqliteStreams.Get(name).ConnectionString);
        }

        return targets;
    }

    private async Task MigrateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var target in Targets())
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _migrator.MigrateAsync(target, cancellationToken);
                    break;
                }
                catch (Exception exception) when (attempt < MaxAttempts && IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
                {
                    LogRetry(target.Describe(), attempt, MaxAttempts, exception.Message);
                    await Task.Delay(RetryDelay, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"The schema of {target.Describe()} could not be brought up to date: {exception.Message}", exception);
                }
            }
        }
    }

    // A database that refuses connections (still starting) is worth waiting for; a broken script is not.
    private static bool IsUnreachable(Exception exception) =>
        exception is System.Net.Sockets.SocketException or TimeoutException
        || exception is Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException }
        || exception is Npgsql.PostgresException { SqlState: "57P03" };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Database} does not answer yet (attempt {Attempt} of {MaxAttempts}): {Error}")]
    private partial void LogRetry(string database, int attempt, int maxAttempts, string error);
}
