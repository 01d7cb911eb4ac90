using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging.Transport;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Turns a silo into a member of a cluster (transport, membership, placement).</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>Clusters the silo through a membership table shared in this process (tests, local experiments).</summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable table)
    {
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(table);
        return builder.AddClustering();
    }

    /// <summary>
    /// Registers the cluster runtime. Membership providers call this after registering their
    /// <see cref="IMembershipTable"/>; configuration comes from the <c>Endpoints</c>, <c>Cluster</c> and
    /// <c>Membership</c> sections.
    /// </summary>
    public static ISiloBuilder AddClustering(this ISiloBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ClusterSiloRuntime)))
        {
            return builder;
        }

        services.AddOptions<EndpointOptions>().BindConfiguration(EndpointOptions.SectionName).ValidateOnStart();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(ClusterMembershipOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EndpointOptions>, EndpointOptionsValidator>();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>();

        services.AddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new LocalSiloDetails { SiloName = silo.SiloName, ClusterId = silo.ClusterId, ServiceId = silo.ServiceId };
        });
        services.AddSingleton<ClusterMembershipView>();
        services.AddSingleton<GrainPlacement>();
        services.RemoveAll<IGrainOwnership>();
        services.AddSingleton<IGrainOwnership, ClusterGrainOwnership>();
        services.AddSingleton<SiloConnectionManager>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<ClusterSiloRuntime>();
        return builder;
    }
}
