using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Streams.Core;

namespace OrleansBackend.Runtime.Client;

/// <summary>Lets a cluster client use the cluster's stream providers.</summary>
public static class StreamsClientBuilderExtensions
{
    /// <summary>
    /// Makes stream provider <paramref name="name"/> of the silos available through <c>client.GetStreamProvider</c>:
    /// publishing and subscriptions go through the silos (the client keeps no events and no subscriptions of its own
    /// beyond the handlers it holds).
    /// </summary>
    public static IClientBuilder AddStreams(this IClientBuilder builder, string name = StreamProviderNames.Default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        services.TryAddSingleton<StreamMetrics>();
        services.AddOptions<StreamProviderOptions>(name).BindConfiguration(StreamProviderOptions.SectionOf(name));
        services.AddKeyedSingleton(name, (sp, _) => new StreamProviderRuntime(
            name,
            isRewindable: true,
            store: null,
            sp.GetRequiredService<IOptionsMonitor<StreamProviderOptions>>().Get(name),
            implicitSubscriptions: null,
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<StreamMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBackend.Runtime.Streams")));
        return builder;
    }
}
