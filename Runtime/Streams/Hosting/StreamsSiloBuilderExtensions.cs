using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Streams.Agents;
using OrleansBackend.Runtime.Streams.Core;
using OrleansBackend.Runtime.Streams.Hosting;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds stream providers to a silo.</summary>
public static class StreamsSiloBuilderExtensions
{
    /// <summary>
    /// Adds durable stream provider <paramref name="name"/> whose events live with grain storage
    /// <paramref name="storageName"/> (PostgreSQL or SQLite; memory in tests): events come from the transactional
    /// outbox and from <c>OnNextAsync</c>; delivery is at least once and in order per stream, with positions per
    /// subscription, rewind, and dead letters. Settings: configuration section <c>Streams:&lt;name&gt;</c>.
    /// </summary>
    public static ISiloBuilder AddDurableStreams(
        this ISiloBuilder builder,
        string name = StreamProviderNames.Default,
        string storageName = GrainStorageNames.Default,
        Action<StreamProviderOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(storageName);
        return builder.AddStreamProvider(name, configure, isRewindable: true, sp => StreamStoreFactory.CreateDurable(sp, name, storageName));
    }

    /// <summary>
    /// Adds in-memory stream provider <paramref name="name"/>: fast and best effort. Its events live in bounded queues
    /// in this process's memory (publishers wait when consumers fall behind), shared by the silos of this process (the
    /// embedded silo, a test cluster); events in flight are lost when the process stops or crashes, and only a short
    /// tail of each partition is kept for rewinds. Use the durable provider for anything that matters.
    /// </summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name, Action<StreamProviderOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.AddStreamProvider(name, configure, isRewindable: true, sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            var options = sp.GetRequiredService<IOptionsMonitor<StreamProviderOptions>>().Get(name);
            return SharedMemory.Get($"{silo.ClusterId}\n{silo.ServiceId}\n{name}", options);
        });
    }

    private static ISiloBuilder AddStreamProvider(this ISiloBuilder builder, string name, Action<StreamProviderOptions>? configure, bool isRewindable, Func<IServiceProvider, IStreamStore> createStore)
    {
        var services = builder.Services;
        AddCore(services);
        var options = services.AddOptions<StreamProviderOptions>(name).BindConfiguration(StreamProviderOptions.SectionOf(name));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(new StreamProviderRegistration(name));
        services.AddKeyedSingleton(name, (sp, _) => new StreamProviderRuntime(
            name,
            isRewindable,
            createStore(sp),
            sp.GetRequiredService<IOptionsMonitor<StreamProviderOptions>>().Get(name),
            sp.GetRequiredService<ImplicitSubscriptionTable>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<StreamMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBackend.Runtime.Streams")));
        return builder;
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StreamAgentManager)))
        {
            return;
        }

        services.TryAddSingleton<StreamMetrics>();
        services.TryAddSingleton(sp => new ImplicitSubscriptionTable(sp.GetRequiredService<GrainManifest>()));
        services.AddGrainExtension<IStreamConsumerExtension>(context => new StreamConsumerExtension(context.GrainId));
        services.AddSingleton<StreamAgentManager>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamAgentManager>());
    }

    /// <summary>The memory provider's queues, one set per cluster, service and provider in this process.</summary>
    private static class SharedMemory
    {
        private static readonly Dictionary<string, MemoryQueueStreamStore> Stores = new(StringComparer.Ordinal);

        public static MemoryQueueStreamStore Get(string key, StreamProviderOptions options)
        {
            lock (Stores)
            {
                if (!Stores.TryGetValue(key, out var store))
                {
                    Stores[key] = store = new MemoryQueueStreamStore(StreamPartitioner.DefaultPartitionCount, options.MaxPendingEventsPerPartition);
                }

                return store;
            }
        }
    }
}
