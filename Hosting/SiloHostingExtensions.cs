using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Streams;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Hosting.Security;
using OrleansBackend.Hosting.Sqlite;

namespace OrleansBackend.Hosting;

/// <summary>
/// Turns configuration into a silo. Orleans itself binds the <c>Orleans</c> section (ClusterId, ServiceId, Endpoints,
/// Messaging, and the providers named by <c>Clustering</c>, <c>GrainStorage</c>, <c>Reminders</c>, <c>Streaming</c>);
/// this adds only what that section cannot say: the backend's grains and their options, failure detection
/// (<c>Orleans:Membership</c>), mutual TLS on the cluster wire (<c>Orleans:Tls</c>), a grain-state format that survives
/// type renames, the database schema, and fair writes to SQLite.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>Hosts a silo with the backend's grains in this process (the Silo executable, and the Api's embedded mode).</summary>
    public static IHostApplicationBuilder AddBackendSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        builder.UseOrleans(silo =>
        {
            silo.AddBackendGrains();
            silo.ConfigureBackendSilo(builder.Configuration);
            configure?.Invoke(silo);
            silo.Services.FinishBackendSilo();
        });
        return builder;
    }

    /// <summary>
    /// What every backend silo adds to Orleans' own configuration; call <see cref="FinishBackendSilo"/> once the silo's
    /// providers are registered. (Test clusters call both around their own provider set-up.)
    /// </summary>
    public static ISiloBuilder ConfigureBackendSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;

        // Orleans' binary serializer for grain state instead of the default JSON with $type names: it honours [Alias],
        // so renaming a state type or its assembly keeps reading the rows already stored.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        // A database failure must reach a client in another process as itself (a 503 at the Api), not as a codec error.
        services.AddDatabaseExceptionSerialization();

        // A database that is down or slow: storage operations time out, and a circuit breaker per storage refuses them
        // at once while it is open (see FinishBackendSilo).
        services.AddOptions<StorageResilienceOptions>().Bind(configuration.GetSection(StorageResilienceOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageResilienceOptions>, StorageResilienceOptionsValidator>();

        // Orleans does not bind membership options from its section: failure detection is tuned in Orleans:Membership.
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection("Orleans:Membership"));

        // In cluster mode no silo or client gets a grain message through without a certificate from the cluster CA.
        silo.UseClusterTls(configuration);

        // SQLite: grain-state writes commit without an fsync each and the write gate makes them durable in groups;
        // reminders keep an fsync per commit (they are few, and pass no gate).
        services.PostConfigureAll<AdoNetGrainStorageOptions>(options =>
        {
            if (AdoNetInvariants.EngineOf(options.Invariant) == DatabaseEngine.Sqlite && options is { DataSource: null, ConnectionString: { Length: > 0 } sqlite })
            {
                options.DataSource = new SqliteDataSource(sqlite, syncEachCommit: false);
                options.ConnectionString = null;
            }
        });
        services.PostConfigure<AdoNetReminderTableOptions>(options =>
        {
            if (AdoNetInvariants.EngineOf(options.Invariant) == DatabaseEngine.Sqlite && options is { DataSource: null, ConnectionString: { Length: > 0 } sqlite })
            {
                options.DataSource = new SqliteDataSource(sqlite, syncEachCommit: true);
                options.ConnectionString = null;
            }
        });

        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<SchemaMigrationOnStart>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SchemaMigrationOnStart>());
        silo.AddActivityPropagation();
        silo.AddDashboard();
        return silo;
    }

    /// <summary>
    /// Records which grain storages and stream providers the silo has (for the schema migration), puts the writes of
    /// every ADO.NET grain storage on SQLite behind the file's write gate, and puts every grain storage, whichever its
    /// provider, behind a timeout and a circuit breaker (<see cref="CircuitBreakingGrainStorage"/>).
    /// </summary>
    public static IServiceCollection FinishBackendSilo(this IServiceCollection services)
    {
        var storages = new List<string>();
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IGrainStorage) && descriptor is { IsKeyedService: true, ServiceKey: string name, KeyedImplementationFactory: { } factory })
            {
                storages.Add(name);
                services[i] = ServiceDescriptor.KeyedSingleton<IGrainStorage>(name, (sp, key) => BreakCircuits(sp, name, SerializeIfSqlite(sp, name, (IGrainStorage)factory(sp, key))));
            }
        }

        var streams = services
            .Where(d => d.ServiceType == typeof(IStreamProvider) && d is { IsKeyedService: true, ServiceKey: string })
            .Select(d => (string)d.ServiceKey!)
            .Distinct()
            .ToList();
        services.AddSingleton(new BackendProviderNames(storages, streams));
        return services;
    }

    private static IGrainStorage BreakCircuits(IServiceProvider services, string name, IGrainStorage storage) =>
        new CircuitBreakingGrainStorage(
            storage,
            name,
            services.GetRequiredService<IOptions<StorageResilienceOptions>>().Value,
            services.GetKeyedService<TimeProvider>(CircuitBreakingGrainStorage.TimeProviderKey) ?? TimeProvider.System,
            services.GetRequiredService<ILogger<CircuitBreakingGrainStorage>>());

    private static IGrainStorage SerializeIfSqlite(IServiceProvider services, string name, IGrainStorage storage)
    {
        var options = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name);
        var connectionString = options.ConnectionString ?? options.DataSource?.ConnectionString ?? string.Empty;
        return AdoNetInvariants.EngineOf(options.Invariant) == DatabaseEngine.Sqlite && SqliteFiles.PathOf(connectionString) is { } path
            ? new SerializedGrainStorage(storage, SqliteWriteGate.For(path))
            : storage;
    }
}
