using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Placement;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds a silo to a .NET generic host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Hosts a silo in this host.</summary>
    public static IHostBuilder UseSilo(this IHostBuilder hostBuilder, Action<ISiloBuilder>? configure = null) =>
        hostBuilder.ConfigureServices((context, services) => services.AddSilo(context.Configuration, configure));

    /// <summary>Hosts a silo in this application (for example a WebApplicationBuilder).</summary>
    public static IHostApplicationBuilder UseSilo(this IHostApplicationBuilder hostBuilder, Action<ISiloBuilder>? configure = null)
    {
        hostBuilder.Services.AddSilo(hostBuilder.Configuration, configure);
        return hostBuilder;
    }

    /// <summary>Registers a silo's services.</summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder>? configure = null)
    {
        var builder = new SiloBuilder(services, configuration);
        if (!services.Any(d => d.ServiceType == typeof(SiloMarker)))
        {
            AddCoreServices(services);
        }

        configure?.Invoke(builder);
        if (services.Any(d => d.ServiceType == typeof(IMembershipTable)))
        {
            // A membership table makes this silo a member of a cluster.
            builder.AddClustering();
        }

        return services;
    }

    private static void AddCoreServices(IServiceCollection services)
    {
        services.AddSingleton<SiloMarker>();
        GrainCallingServices.Add(services);
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();
        services.AddSingleton<ActivationCatalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<MessageCenter>();
        services.AddSingleton<IMessageRouter>(sp => sp.GetRequiredService<MessageCenter>());
        services.AddSingleton<IClusterClient, SiloClusterClient>();
        services.TryAddSingleton<IGrainOwnership, SingleSiloOwnership>();
        services.AddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
    }

    /// <summary>Marks that the core silo services are registered.</summary>
    private sealed class SiloMarker
    {
    }
}
