using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Activation;

/// <summary>
/// Deactivates activations that have been idle longer than their collection age, checking every
/// collection quantum on the silo's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly ActivationCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _quantum;
    private readonly ILogger<ActivationCollector> _logger;
    private ITimer? _timer;

    public ActivationCollector(ActivationCatalog catalog, TimeProvider timeProvider, IOptions<GrainCollectionOptions> options, ILogger<ActivationCollector> logger)
    {
        _catalog = catalog;
        _timeProvider = timeProvider;
        _quantum = options.Value.CollectionQuantum;
        _logger = logger;
    }

    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _timeProvider.CreateTimer(static s => ((ActivationCollector)s!).Collect(), this, _quantum, _quantum);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Collect()
    {
        var collected = _catalog.CollectIdle();
        if (collected > 0)
        {
            _logger.LogDebug("Collecting {Count} idle activations", collected);
        }
    }
}
