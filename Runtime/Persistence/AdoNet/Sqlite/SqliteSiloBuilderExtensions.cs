using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds SQLite grain storage to a silo (the embedded default).</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds grain storage <paramref name="name"/> in a SQLite file (its directory is created when missing) or a
    /// SQLite connection string. The schema is created and migrated at start-up.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string dataSource) =>
        builder.AddSqliteGrainStorage(name, options => options.DataSource = dataSource);

    /// <summary>Adds grain storage <paramref name="name"/> in SQLite, configured in code (after configuration is bound).</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddAdoNetOptions<SqliteStorageOptions, SqliteStorageOptionsValidator>(name, configure);
        builder.Services.AddAdoNetGrainStorage(name, sp => GetDatabase(sp, name));
        return builder;
    }

    /// <summary>The SQLite database of named options (one per file, shared by storages and reminders).</summary>
    internal static AdoNetDatabase GetDatabase(IServiceProvider services, string optionsName) =>
        services.GetDatabase<SqliteStorageOptions>(
            optionsName,
            options => options.DataSource.Contains('=', StringComparison.Ordinal)
                ? options.DataSource
                : Path.GetFullPath(options.DataSource),
            (serviceId, options, metrics, logger) => new SqliteDatabase(serviceId, options, metrics, logger));
}
