using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>Registers the PostgreSQL membership table with a silo or a client.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>
    /// Uses PostgreSQL as the membership table (<see cref="IMembershipTable"/>, replacing any other). Further options
    /// bind from the configuration section <c>Cluster:Membership</c> (<c>ConnectTimeout</c>, <c>CommandTimeout</c>,
    /// <c>MaxPoolSize</c>) and are validated when the host starts; <paramref name="configure"/> runs last.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Username=postgres;Database=backend</c>.</param>
    /// <param name="configure">Changes further options in code.</param>
    public static TBuilder UsePostgresClustering<TBuilder>(this TBuilder builder, string connectionString, Action<PostgresMembershipOptions>? configure = null)
        where TBuilder : IRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostgresMembershipOptions>()
            .BindConfiguration(PostgresMembershipOptions.SectionName)
            .Configure(options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            })
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresMembershipOptions>, PostgresMembershipOptionsValidator>());
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.TryAddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new PostgresMembershipTable(sp.GetRequiredService<IOptions<PostgresMembershipOptions>>().Value, silo.ServiceId, silo.ClusterId);
        });
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PostgresMembershipTable>());
        return builder;
    }
}
