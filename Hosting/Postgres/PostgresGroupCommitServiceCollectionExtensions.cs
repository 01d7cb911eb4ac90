using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>Registers a group-commit grain storage on PostgreSQL by name, as Orleans registers its own storages.</summary>
public static class PostgresGroupCommitServiceCollectionExtensions
{
    /// <summary>
    /// Adds grain storage <paramref name="name"/>: a keyed <see cref="IGrainStorage"/> singleton (what grains'
    /// <c>[PersistentState(…, name)]</c> and storage decorators resolve), its options, their validation at start-up, and
    /// the silo-lifecycle participant that drains the writers at stop.
    /// </summary>
    public static IServiceCollection AddPostgresGroupCommitGrainStorage(
        this IServiceCollection services,
        string name,
        Action<OptionsBuilder<PostgresGroupCommitOptions>>? configureOptions = null)
    {
        configureOptions?.Invoke(services.AddOptions<PostgresGroupCommitOptions>(name));
        services.ConfigureNamedOptionForLogging<PostgresGroupCommitOptions>(name);
        services.AddTransient<IPostConfigureOptions<PostgresGroupCommitOptions>, DefaultStorageProviderSerializerOptionsConfigurator<PostgresGroupCommitOptions>>();
        services.AddTransient<IConfigurationValidator>(sp =>
            new PostgresGroupCommitOptionsValidator(sp.GetRequiredService<IOptionsMonitor<PostgresGroupCommitOptions>>().Get(name), name));
        services.AddKeyedSingleton(name, (sp, _) => new PostgresGroupCommitStore(
            name,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IOptionsMonitor<PostgresGroupCommitOptions>>().Get(name),
            sp.GetRequiredService<ILogger<PostgresGroupCommitStore>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredKeyedService<PostgresGroupCommitStore>(name));
        return services.AddGrainStorage(name, (sp, key) => new GroupCommitGrainStorage(
            sp.GetRequiredKeyedService<PostgresGroupCommitStore>(key),
            sp.GetRequiredService<IOptionsMonitor<PostgresGroupCommitOptions>>().Get(key).GrainStorageSerializer));
    }
}
