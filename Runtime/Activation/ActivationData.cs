using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Scheduling;
using OrleansBackend.Runtime.Timers;

namespace OrleansBackend.Runtime.Activation;

/// <summary>
/// One activation of a grain and its turn scheduler. Work (request starts and the continuations of grain code)
/// runs from a queue on one thread-pool thread at a time. A request holds the turn until its task completes;
/// others wait unless the class is [Reentrant], the method is [AlwaysInterleave] or [ReadOnly] among read-only
/// requests, or the request belongs to a call chain that is already running here (A → B → A).
/// </summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem, IGrainActivationContext
{
    private const int TurnBudget = 64;

    private static readonly SendOrPostCallback ActivateCallback = static state => _ = ((ActivationData)state!).ActivateAsync();
    private static readonly SendOrPostCallback DeactivateCallback = static state => _ = ((ActivationData)state!).DeactivateAsync();

    [ThreadStatic]
    private static ActivationData? _constructing;

    private readonly object _lock = new();
    private readonly ActivationCatalog _catalog;
    private readonly Queue<WorkItem> _workItems = new();
    private readonly Queue<Message> _waiting = new();
    private readonly List<Message> _running = [];
    private readonly ActivationSynchronizationContext _synchronizationContext;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state = ActivationState.Activating;
    private bool _scheduled;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private int _runningCount;
    private long _lastActive;
    private Grain? _grain;
    private List<IActivationStateLoader>? _stateLoaders;
    private List<GrainTimer>? _timers;
    private Dictionary<Type, object>? _extensions;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, ActivationCatalog catalog, long collectionAgeTicks)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        CollectionAgeTicks = collectionAgeTicks;
        _catalog = catalog;
        _synchronizationContext = new ActivationSynchronizationContext(this);
        _lastActive = catalog.TimeProvider.GetTimestamp();
    }

    /// <summary>The activation whose grain is being constructed on this thread (read by the Grain constructor).</summary>
    public static ActivationData? Constructing => _constructing;

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass { get; }

    /// <summary>Idle time after which the collector deactivates this activation, in timestamp ticks.</summary>
    public long CollectionAgeTicks { get; }

    public object? GrainInstance => _grain;

    public IServiceProvider Services => _catalog.Services;

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public TimeProvider TimeProvider => _catalog.TimeProvider;

    /// <summary>Completes when the activation is gone (deactivated or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Requests waiting for a turn (diagnostics and tests).</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Requests holding or sharing the turn (diagnostics and tests).</summary>
    public int RunningCount
    {
        get
        {
            lock (_lock)
            {
                return _runningCount;
            }
        }
    }

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Begins activation: construct the grain, load its state, run OnActivateAsync.</summary>
    public void Start() => EnqueueCallback(ActivateCallback, this);

    /// <summary>Accepts a request: starts it now if the turn rules allow, queues it otherwise.</summary>
    public void ReceiveMessage(Message message)
    {
        var schedule = false;
        var redirect = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                redirect = message.Kind != MessageKind.TimerTick;
            }
            else if (_state == ActivationState.Valid && CanStartLocked(message, fromQueue: false))
            {
                StartLocked(message);
                schedule = TryMarkScheduledLocked();
            }
            else
            {
                _waiting.Enqueue(message);
            }
        }

        if (redirect)
        {
            _catalog.MessageCenter.Redispatch(message);
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Queues a continuation of grain code (from the activation's synchronization context).</summary>
    public void EnqueueCallback(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _workItems.Enqueue(new WorkItem(callback, state));
            schedule = TryMarkScheduledLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Runs queued work; called by the thread pool.</summary>
    public void Execute()
    {
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        var baseline = ExecutionContext.Capture();
        try
        {
            for (var i = 0; i < TurnBudget; i++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (!_workItems.TryDequeue(out item))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                try
                {
                    if (item.Request is { } request)
                    {
                        StartInvocation(request);
                        if (baseline is not null)
                        {
                            // The request was installed as ambient context for its synchronous part; clear it.
                            ExecutionContext.Restore(baseline);
                        }
                    }
                    else
                    {
                        item.Callback!(item.State);
                    }
                }
                catch (Exception exception)
                {
                    _catalog.Logger.LogError(exception, "Unhandled exception in a work item of {GrainId}", GrainId);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        // Budget used up: give the thread to other activations and come back later.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>
    /// Deactivates once no request is running. Requests that arrive meanwhile wait and are re-routed to a new
    /// activation afterwards.
    /// </summary>
    public void Deactivate(DeactivationReason reason)
    {
        var schedule = false;
        lock (_lock)
        {
            if (_deactivationRequested || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivationRequested = true;
            _deactivationReason = reason;
            if (_state == ActivationState.Valid && _runningCount == 0)
            {
                BeginDeactivationLocked();
                schedule = TryMarkScheduledLocked();
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Deactivates the activation if it has been idle for its collection age.</summary>
    public bool TryCollectIfIdle(long now)
    {
        var schedule = false;
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _deactivationRequested || _runningCount > 0 || _waiting.Count > 0
                || now - _lastActive < CollectionAgeTicks)
            {
                return false;
            }

            _deactivationRequested = true;
            _deactivationReason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, "Idle longer than its collection age.");
            BeginDeactivationLocked();
            schedule = TryMarkScheduledLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    public T GetRequiredService<T>()
        where T : notnull => _catalog.Services.GetRequiredService<T>();

    public IPersistentState<T> GetPersistentState<T>(string stateName, string? storageName)
    {
        var name = storageName ?? GrainStorageNames.Default;
        var storage = _catalog.Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"Grain class {GrainClass.GrainClass.Name} asks for grain storage '{name}', but none is registered. " +
                $"Add one in the silo configuration, for example AddMemoryGrainStorage(\"{name}\").");
        var state = new PersistentState<T>(stateName, GrainId, storage, this);
        (_stateLoaders ??= []).Add(state);
        return state;
    }

    /// <summary>
    /// The activation's extension object for <paramref name="interfaceType"/>, created on first use from the factory
    /// registered for it (see <see cref="IGrainExtension"/>).
    /// </summary>
    public object GetOrCreateExtension(Type interfaceType)
    {
        lock (_lock)
        {
            if (_extensions is not null && _extensions.TryGetValue(interfaceType, out var existing))
            {
                return existing;
            }
        }

        var create = _catalog.GetExtensionFactory(interfaceType)
            ?? throw new InvalidOperationException($"No grain extension is registered for {interfaceType.Name} on this silo.");
        var created = create(this);
        lock (_lock)
        {
            _extensions ??= [];
            return _extensions.TryAdd(interfaceType, created) ? created : _extensions[interfaceType];
        }
    }

    public override string ToString() => $"Activation of {GrainId}";

    private bool CanStartLocked(Message message, bool fromQueue)
    {
        if (_runningCount == 0)
        {
            return fromQueue || (_waiting.Count == 0 && !_deactivationRequested);
        }

        if (GrainClass.IsReentrant || message.IsAlwaysInterleave)
        {
            return true;
        }

        // A call chain that already runs here may re-enter: waiting would deadlock A → B → A.
        var chain = message.CallChainId;
        for (var i = 0; i < _running.Count; i++)
        {
            if (_running[i].CallChainId == chain)
            {
                return true;
            }
        }

        if (message.IsReadOnly && (fromQueue || _waiting.Count == 0) && !_deactivationRequested)
        {
            for (var i = 0; i < _running.Count; i++)
            {
                var running = _running[i];
                if (!running.IsReadOnly && !running.IsAlwaysInterleave)
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private void StartLocked(Message message)
    {
        _runningCount++;
        if (!GrainClass.IsReentrant)
        {
            message.RunningIndex = _running.Count;
            _running.Add(message);
        }

        _workItems.Enqueue(new WorkItem(message));
    }

    private void RemoveRunningLocked(Message message)
    {
        _runningCount--;
        if (!GrainClass.IsReentrant)
        {
            var index = message.RunningIndex;
            var last = _running.Count - 1;
            if (index != last)
            {
                var moved = _running[last];
                _running[index] = moved;
                moved.RunningIndex = index;
            }

            _running.RemoveAt(last);
        }
    }

    private void AdmitWaitingLocked()
    {
        if (_state != ActivationState.Valid || _deactivationRequested)
        {
            return;
        }

        while (_waiting.TryPeek(out var next) && CanStartLocked(next, fromQueue: true))
        {
            _waiting.Dequeue();
            StartLocked(next);
        }
    }

    private bool TryMarkScheduledLocked()
    {
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    private void BeginDeactivationLocked()
    {
        _state = ActivationState.Deactivating;
        _workItems.Enqueue(new WorkItem(DeactivateCallback, this));
    }
}
