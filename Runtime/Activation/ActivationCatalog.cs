using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Metadata;

namespace OrleansBackend.Runtime.Activation;

/// <summary>
/// The activations of this silo, by grain id: creates one on the first message for a grain, removes it when it
/// deactivates, and deactivates them all on shutdown.
/// </summary>
internal sealed class ActivationCatalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainManifest _manifest;
    private readonly Dictionary<string, long> _collectionAgeTicks = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, Func<IGrainActivationContext, object>> _extensionFactories = [];
    private IGrainFactory? _grainFactory;
    private MessageCenter? _messageCenter;
    private volatile bool _shuttingDown;

    public ActivationCatalog(
        IServiceProvider services,
        GrainManifest manifest,
        TimeProvider timeProvider,
        IOptions<GrainCollectionOptions> collectionOptions,
        RuntimeMetrics metrics,
        ILogger<ActivationCatalog> logger,
        IEnumerable<IIncomingGrainCallFilter> callFilters,
        IEnumerable<GrainExtensionRegistration> extensions)
    {
        foreach (var extension in extensions)
        {
            _extensionFactories[extension.InterfaceType] = extension.Create;
        }

        Services = services;
        _manifest = manifest;
        TimeProvider = timeProvider;
        Metrics = metrics;
        SiloName = services.GetService<IOptions<SiloOptions>>()?.Value.SiloName ?? string.Empty;
        Logger = logger;
        CallFilters = [.. callFilters];
        var options = collectionOptions.Value;
        DeactivationTimeout = options.DeactivationTimeout;
        foreach (var (grainType, grainClass) in manifest.GrainClasses)
        {
            var age = grainClass.CollectionAgeLimit
                ?? (options.ClassSpecificCollectionAge.TryGetValue(grainType, out var specific) ? specific : options.CollectionAge);
            _collectionAgeTicks[grainType] = (long)(age.TotalSeconds * timeProvider.TimestampFrequency);
        }
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeMetrics Metrics { get; }

    /// <summary>This silo's name (trace tags).</summary>
    public string SiloName { get; }

    public ILogger Logger { get; }

    public IIncomingGrainCallFilter[] CallFilters { get; }

    public TimeSpan DeactivationTimeout { get; }

    public IGrainFactory GrainFactory => _grainFactory ??= Services.GetRequiredService<IGrainFactory>();

    public MessageCenter MessageCenter => _messageCenter ??= Services.GetRequiredService<MessageCenter>();

    public int Count => _activations.Count;

    public bool IsShuttingDown => _shuttingDown;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>The factory of the extension object for <paramref name="interfaceType"/>, if one is registered.</summary>
    public Func<IGrainActivationContext, object>? GetExtensionFactory(Type interfaceType) =>
        _extensionFactories.TryGetValue(interfaceType, out var create) ? create : null;

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>The activation of <paramref name="grainId"/>, created if there is none; null with a reason when it cannot be.</summary>
    public ActivationData? GetOrCreate(GrainId grainId, out string? error)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            error = null;
            return existing;
        }

        if (_shuttingDown)
        {
            error = "The silo is shutting down and takes no new activations.";
            return null;
        }

        if (!_manifest.TryGetGrainClass(grainId.Type, out var grainClass))
        {
            error = $"No grain class has grain type '{grainId.Type}' on this silo.";
            return null;
        }

        var created = new ActivationData(grainId, grainClass, this, _collectionAgeTicks[grainId.Type]);
        var actual = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(actual, created))
        {
            Metrics.OnActivationCreated(grainClass.GrainType);
            created.Start();
        }

        error = null;
        return actual;
    }

    /// <summary>Called by an activation when it is gone.</summary>
    public void OnActivationEnded(ActivationData activation, bool activated)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
        {
            Metrics.OnActivationRemoved(activation.GrainClass.GrainType, activated);
        }
    }

    /// <summary>Deactivates idle activations; returns how many it started to deactivate.</summary>
    public int CollectIdle()
    {
        var now = TimeProvider.GetTimestamp();
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryCollectIfIdle(now))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Deactivates every activation whose grain matches <paramref name="predicate"/>; returns how many.</summary>
    public int DeactivateWhere(Func<GrainId, bool> predicate, DeactivationReason reason)
    {
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (predicate(activation.GrainId))
            {
                activation.Deactivate(reason);
                count++;
            }
        }

        return count;
    }

    /// <summary>Stops new activations and deactivates every current one, waiting for them to finish.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _shuttingDown = true;
        var all = _activations.Values.ToArray();
        foreach (var activation in all)
        {
            activation.Deactivate(reason);
        }

        var tasks = new Task[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            tasks[i] = all[i].Deactivated;
        }

        await Task.WhenAll(tasks).WaitAsync(cancellationToken);
    }
}
