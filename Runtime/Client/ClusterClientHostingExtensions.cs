using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Client;

/// <summary>Adds a cluster client (no grains, calls through gateways) to a host.</summary>
public static class ClusterClientHostingExtensions
{
    /// <summary>Makes this application a client of a cluster; configure its membership table in <paramref name="configure"/>.</summary>
    public static IHostApplicationBuilder UseClusterClient(this IHostApplicationBuilder hostBuilder, Action<IClientBuilder> configure)
    {
        hostBuilder.Services.AddClusterClient(hostBuilder.Configuration, configure);
        return hostBuilder;
    }

    /// <summary>Registers a cluster client's services.</summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, IConfiguration configuration, Action<IClientBuilder> configure)
    {
        GrainCallingServices.Add(services);
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(ClusterMembershipOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>();
        services.AddSingleton<ClusterMembershipView>();
        services.TryAddSingleton<MembershipMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstrumentsActivation<MembershipMetrics>>());
        services.AddSingleton<GrainPlacement>();
        services.AddSingleton<GatewayConnections>();
        services.AddSingleton<ClientMessageCenter>();
        services.AddSingleton<IMessageRouter>(sp => sp.GetRequiredService<ClientMessageCenter>());
        services.AddSingleton<GatewayMembershipMonitor>();
        services.AddSingleton<ClusterClient>();
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClient>());
        configure(new ClientBuilder(services, configuration));
        return services;
    }

    /// <summary>Uses <paramref name="timeProvider"/> for timeouts (tests pass a manual clock).</summary>
    public static IClientBuilder UseTimeProvider(this IClientBuilder builder, TimeProvider timeProvider)
    {
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton(timeProvider);
        return builder;
    }
}
