using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Runtime.Membership.Redis;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// Creates the membership table that configuration names, for processes without a silo builder (a cluster client
/// reading gateways). Silos use <see cref="ClusteringExtensions.UseConfiguredClustering"/>.
/// </summary>
public static class MembershipTableFactory
{
    /// <summary>
    /// Creates (does not initialize) the table named by <c>Cluster:Membership:Provider</c> = <c>memory</c>,
    /// <c>redis</c> or <c>postgres</c>, with <c>Cluster:Membership:ConnectionString</c> and the provider's further
    /// options from the same section. <c>memory</c> gives a new table that only this process sees.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value is missing or invalid; the message names the key.</exception>
    public static IMembershipTable Create(IConfiguration configuration, string serviceId, string clusterId, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ReadOptions(configuration);
        var section = configuration.GetSection(MembershipTableOptions.SectionName);
        switch (MembershipTableOptionsValidator.Normalize(options.Provider))
        {
            case MembershipTableOptions.RedisProvider:
                var redis = section.Get<RedisMembershipOptions>() ?? new RedisMembershipOptions();
                redis.ConnectionString = options.ConnectionString!;
                return new RedisMembershipTable(redis, serviceId, clusterId, loggerFactory?.CreateLogger<RedisMembershipTable>());
            case MembershipTableOptions.PostgresProvider:
                var postgres = section.Get<PostgresMembershipOptions>() ?? new PostgresMembershipOptions();
                postgres.ConnectionString = options.ConnectionString!;
                return new PostgresMembershipTable(postgres, serviceId, clusterId);
            default:
                return new InMemoryMembershipTable();
        }
    }

    /// <summary>Reads and checks <c>Cluster:Membership</c>; throws naming the bad key.</summary>
    internal static MembershipTableOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(MembershipTableOptions.SectionName).Get<MembershipTableOptions>() ?? new MembershipTableOptions();
        var result = new MembershipTableOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MembershipTableOptions), result.Failures);
        }

        return options;
    }
}
