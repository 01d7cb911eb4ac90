using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Streams.Core;

namespace OrleansBackend.Runtime.Streams;

/// <summary>Finds stream providers by name: <c>this.GetStreamProvider("Default")</c> in a grain, or on a cluster client.</summary>
public static class StreamProviderAccess
{
    /// <summary>The stream provider <paramref name="name"/>, bound to this grain: its subscriptions are the grain's.</summary>
    /// <exception cref="KeyNotFoundException">No provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return new BoundStreamProvider(Resolve(grain.Activation.Services, name), grain.Activation);
    }

    /// <summary>The stream provider <paramref name="name"/> for code outside grains: its subscriptions live in this process.</summary>
    /// <exception cref="KeyNotFoundException">No provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this IClusterClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new BoundStreamProvider(Resolve(client.ServiceProvider, name), null);
    }

    private static StreamProviderRuntime Resolve(IServiceProvider services, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.GetKeyedService<StreamProviderRuntime>(name)
            ?? throw new KeyNotFoundException($"No stream provider named '{name}' is registered; add one with AddDurableStreams or AddMemoryStreams (silo) or AddStreams (client).");
    }
}
