using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Persistence.AdoNet.Postgres;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Runtime.Timers.Reminders.AdoNet;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds durable reminders stored in PostgreSQL to a silo.</summary>
public static class PostgresReminderSiloBuilderExtensions
{
    /// <summary>
    /// Adds reminders stored in PostgreSQL (table <c>reminders</c>, migrated at start-up). Pointing at the same
    /// database and schema as the grain storage shares its connection pool. Further settings come from
    /// configuration section <c>Reminders:Storage</c>.
    /// </summary>
    public static ISiloBuilder AddPostgresReminderTable(this ISiloBuilder builder, string connectionString) =>
        builder.AddPostgresReminderTable(options => options.ConnectionString = connectionString);

    /// <summary>Adds reminders stored in PostgreSQL, configured in code.</summary>
    public static ISiloBuilder AddPostgresReminderTable(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        var services = builder.Services;
        services.AddAdoNetOptions<PostgresStorageOptions, PostgresStorageOptionsValidator>(AdoNetOptionNames.Reminders, configure);
        services.AddAdoNetCore();
        Func<IServiceProvider, AdoNetDatabase> database = sp => PostgresSiloBuilderExtensions.GetDatabase(sp, AdoNetOptionNames.Reminders);
        services.AddSingleton(new AdoNetDatabaseRegistration(AdoNetOptionNames.Reminders, database));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new AdoNetReminderTable(database(sp)));
        services.AddReminderService();
        return builder;
    }
}
