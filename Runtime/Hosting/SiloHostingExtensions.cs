using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
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
        return services;
    }

    private static void AddCoreServices(IServiceCollection services)
    {
        services.AddSingleton<SiloMarker>();
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();

        services.TryAddSingleton<ApplicationPartManager>();
        services.TryAddSingleton(sp => GrainManifest.FromAssemblies(sp.GetRequiredService<ApplicationPartManager>().GetAssemblies()));
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<PendingCallTable>();
        services.AddSingleton<ActivationCatalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<MessageCenter>();
        services.AddSingleton<CallTimeoutMonitor>();
        services.AddSingleton<SiloCallInvoker>();
        services.AddSingleton<GrainCallInvoker>(sp => sp.GetRequiredService<SiloCallInvoker>());
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
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
