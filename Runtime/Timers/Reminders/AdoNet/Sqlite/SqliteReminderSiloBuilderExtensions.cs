using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Runtime.Timers.Reminders.AdoNet;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds durable reminders stored in SQLite to a silo (the embedded default).</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>
    /// Adds reminders stored in a SQLite file (table <c>reminders</c>, migrated at start-up). Use the grain
    /// storage's file: they then share its single writer.
    /// </summary>
    public static ISiloBuilder AddSqliteReminderTable(this ISiloBuilder builder, string dataSource) =>
        builder.AddSqliteReminderTable(options => options.DataSource = dataSource);

    /// <summary>Adds reminders stored in SQLite, configured in code.</summary>
    public static ISiloBuilder AddSqliteReminderTable(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        var services = builder.Services;
        services.AddAdoNetOptions<SqliteStorageOptions, SqliteStorageOptionsValidator>(AdoNetOptionNames.Reminders, configure);
        services.AddAdoNetCore();
        Func<IServiceProvider, AdoNetDatabase> database = sp => SqliteSiloBuilderExtensions.GetDatabase(sp, AdoNetOptionNames.Reminders);
        services.AddSingleton(new AdoNetDatabaseRegistration(AdoNetOptionNames.Reminders, database));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new AdoNetReminderTable(database(sp)));
        services.AddReminderService();
        return builder;
    }
}
