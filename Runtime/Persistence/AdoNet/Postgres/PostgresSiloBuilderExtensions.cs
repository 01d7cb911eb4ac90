using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds PostgreSQL grain storage to a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Adds grain storage <paramref name="name"/> in PostgreSQL. The schema is created and migrated at start-up;
    /// further settings come from configuration section <c>GrainStorage:&lt;name&gt;</c>.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString) =>
        builder.AddPostgresGrainStorage(name, options => options.ConnectionString = connectionString);

    /// <summary>Adds grain storage <paramref name="name"/> in PostgreSQL, configured in code (after configuration is bound).</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddAdoNetOptions<PostgresStorageOptions, PostgresStorageOptionsValidator>(name, configure);
        builder.Services.AddAdoNetGrainStorage(name, sp => GetDatabase(sp, name));
        return builder;
    }

    /// <summary>The PostgreSQL database of named options (shared by storages and reminders that name the same one).</summary>
    internal static AdoNetDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetDatabase<PostgresStorageOptions>(
            optionsName,
            options => $"{options.ConnectionString}\n{options.Schema}",
            (serviceId, options, metrics, logger) => new PostgresDatabase(serviceId, options, metrics, logger));
}
