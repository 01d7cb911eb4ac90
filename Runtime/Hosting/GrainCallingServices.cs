using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Metadata;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>What every process that calls grains needs, silo or client: the manifest, references, pending calls.</summary>
internal static class GrainCallingServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddSingleton<ApplicationPartManager>();
        services.TryAddSingleton(sp => GrainManifest.FromAssemblies(sp.GetRequiredService<ApplicationPartManager>().GetAssemblies()));
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<TransportMetrics>();
        services.TryAddSingleton<ClusterInspector>();
        services.TryAddSingleton<PendingCallTable>();
        services.TryAddSingleton<CallTimeoutMonitor>();
        services.TryAddSingleton<MessagingCallInvoker>();
        services.TryAddSingleton<GrainCallInvoker>(sp => sp.GetRequiredService<MessagingCallInvoker>());
        services.TryAddSingleton<GrainFactory>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
    }
}
