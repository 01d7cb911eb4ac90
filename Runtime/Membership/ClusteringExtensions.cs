using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Runtime.Membership.Redis;

namespace OrleansBackend.Runtime.Membership;

/// <summary>Chooses the membership table of a silo or a client: in memory, or the provider that configuration names.</summary>
public static class ClusteringExtensions
{
    /// <summary>
    /// Uses an in-process membership table (<see cref="IMembershipTable"/>, replacing any other). Pass one shared
    /// <paramref name="table"/> to every silo of an in-process cluster; without it the silo gets a table of its own.
    /// </summary>
    public static TBuilder UseInMemoryClustering<TBuilder>(this TBuilder builder, InMemoryMembershipTable? table = null)
        where TBuilder : IRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.RemoveAll<InMemoryMembershipTable>();
        if (table is null)
        {
            builder.Services.AddSingleton<InMemoryMembershipTable>();
        }
        else
        {
            builder.Services.AddSingleton(table);
        }

        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<InMemoryMembershipTable>());
        return builder;
    }

    /// <summary>
    /// Uses the membership table that configuration names: <c>Cluster:Membership:Provider</c> = <c>memory</c>,
    /// <c>redis</c> or <c>postgres</c>, with <c>Cluster:Membership:ConnectionString</c> for the last two. The
    /// provider's further options bind from the same section.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">
    /// The provider is missing or unknown, or its connection string is missing; the message names the key.
    /// </exception>
    public static TBuilder UseConfiguredClustering<TBuilder>(this TBuilder builder)
        where TBuilder : IRuntimeBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = MembershipTableFactory.ReadOptions(builder.Configuration);
        return MembershipTableOptionsValidator.Normalize(options.Provider) switch
        {
            MembershipTableOptions.RedisProvider => builder.UseRedisClustering(options.ConnectionString!),
            MembershipTableOptions.PostgresProvider => builder.UsePostgresClustering(options.ConnectionString!),
            _ => builder.UseInMemoryClustering(),
        };
    }
}
