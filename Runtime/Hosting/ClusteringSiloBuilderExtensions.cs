using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging.Transport;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Turns a silo into a member of a cluster (transport, membership, placement).</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Registers the cluster runtime. <c>UseSilo</c> calls it when a membership table is registered (for example
    /// by <c>UseRedisClustering</c>); configuration comes from the <c>Endpoints</c>, <c>Cluster</c> and
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
            var endpoints = sp.GetRequiredService<IOptions<EndpointOptions>>().Value;
            return new LocalSiloDetails { SiloName = silo.SiloName, ClusterId = silo.ClusterId, ServiceId = silo.ServiceId, ManagementPort = endpoints.ManagementPort };
        });
        services.AddSingleton<ClusterMembershipView>();
        services.TryAddSingleton<MembershipMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentsActivation<MembershipMetrics>>());
        services.AddSingleton<GrainPlacement>();
        services.RemoveAll<IGrainOwnership>();
        services.AddSingleton<IGrainOwnership, ClusterGrainOwnership>();
        services.AddSingleton<SiloConnectionManager>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<ClusterSiloRuntime>();
        services.TryAddSingleton<PrometheusMetricsCollector>();
        services.AddSingleton<SiloManagementEndpoint>();
        return builder;
    }
}
