using OrleansBackend.Runtime.Activation;

namespace OrleansBackend.Runtime.Timers;

/// <summary>
/// A timer owned by one activation. A tick is queued as a turn; the next tick is armed only after the callback
/// completes, so ticks never overlap and a slow callback does not pile up ticks.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly object _lock = new();
    private readonly ActivationData _activation;
    private readonly TimerTickRequest _tick;
    private ITimer? _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _disposed;
    private bool _ticking;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        Validate(options.DueTime, options.Period);
        _activation = activation;
        _dueTime = options.DueTime;
        _period = options.Period;
        KeepAlive = options.KeepAlive;
        _tick = new TimerTickRequest(this, callback, state, options.Interleave);
    }

    public bool KeepAlive { get; }

    public void Start()
    {
        // Timer callbacks must not carry the registering request's execution context.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _activation.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnTimerFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        lock (_lock)
        {
            if (!_disposed)
            {
                _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _dueTime = dueTime;
            _period = period;
            if (!_ticking)
            {
                _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void OnTickCompleted()
    {
        lock (_lock)
        {
            _ticking = false;
            if (!_disposed && _period != Timeout.InfiniteTimeSpan)
            {
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer?.Dispose();
        _tick.Cancel();
        _activation.RemoveTimer(this);
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or infinite.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be more than zero, or infinite.");
        }
    }

    private void OnTimerFired()
    {
        lock (_lock)
        {
            if (_disposed || _ticking)
            {
                return;
            }

            _ticking = true;
        }

        _activation.EnqueueTimerTick(_tick);
    }
}
