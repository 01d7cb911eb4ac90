using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>Registers the Redis membership table with a silo or a client.</summary>
public static class RedisClusteringExtensions
{
    /// <summary>
    /// Uses Redis as the membership table (<see cref="IMembershipTable"/>, replacing any other). Further options bind
    /// from the configuration section <c>Cluster:Membership</c> (<c>KeyPrefix</c>, <c>ConnectTimeout</c>,
    /// <c>OperationTimeout</c>) and are validated when the host starts; <paramref name="configure"/> runs last.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="connectionString">A StackExchange.Redis connection string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="configure">Changes further options in code.</param>
    public static TBuilder UseRedisClustering<TBuilder>(this TBuilder builder, string connectionString, Action<RedisMembershipOptions>? configure = null)
        where TBuilder : IRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RedisMembershipOptions>()
            .BindConfiguration(RedisMembershipOptions.SectionName)
            .Configure(options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            })
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisMembershipOptions>, RedisMembershipOptionsValidator>());
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.TryAddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new RedisMembershipTable(
                sp.GetRequiredService<IOptions<RedisMembershipOptions>>().Value,
                silo.ServiceId,
                silo.ClusterId,
                sp.GetService<ILogger<RedisMembershipTable>>());
        });
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<RedisMembershipTable>());
        return builder;
    }
}
