using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Timers;

namespace OrleansBackend.Runtime.Activation;

/// <summary>Activation and deactivation of the grain, and the timers it owns.</summary>
internal sealed partial class ActivationData
{
    /// <summary>Registers a grain timer owned by this activation.</summary>
    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    /// <summary>Queues a timer tick as a turn of this activation.</summary>
    public void EnqueueTimerTick(TimerTickRequest tick) =>
        ReceiveMessage(new Message
        {
            Kind = MessageKind.TimerTick,
            Id = IdGenerator.NextCallId(),
            Target = GrainId,
            CallChainId = IdGenerator.NextChainId(),
            Request = tick,
        });

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private async Task ActivateAsync()
    {
        try
        {
            _constructing = this;
            try
            {
                _grain = GrainClass.Create(this);
            }
            finally
            {
                _constructing = null;
            }

            if (_stateLoaders is { } loaders)
            {
                foreach (var loader in loaders)
                {
                    await loader.LoadAsync(CancellationToken.None);
                }
            }

            await _grain.OnActivateAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            FailActivation(exception);
            return;
        }

        var schedule = false;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActive = _catalog.TimeProvider.GetTimestamp();
            if (_deactivationRequested)
            {
                BeginDeactivationLocked();
            }
            else
            {
                AdmitWaitingLocked();
            }

            if (_workItems.Count > 0)
            {
                schedule = TryMarkScheduledLocked();
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void FailActivation(Exception exception)
    {
        _catalog.Logger.LogWarning(exception, "Activation of {GrainId} failed", GrainId);
        List<Message> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        _catalog.OnActivationEnded(this, activated: false);
        foreach (var message in waiting)
        {
            if (message.Kind != MessageKind.TimerTick)
            {
                message.Request.Exception = exception;
                Respond(message);
            }
        }

        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync()
    {
        List<GrainTimer>? timers;
        lock (_lock)
        {
            timers = _timers;
            _timers = null;
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }

        if (_grain is not null)
        {
            using var timeout = new CancellationTokenSource(_catalog.DeactivationTimeout, _catalog.TimeProvider);
            try
            {
                await _grain.OnDeactivateAsync(_deactivationReason, timeout.Token);
            }
            catch (Exception exception)
            {
                _catalog.Logger.LogWarning(exception, "OnDeactivateAsync of {GrainId} failed", GrainId);
            }
        }

        List<Message> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        _catalog.OnActivationEnded(this, activated: true);
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            foreach (var message in waiting)
            {
                if (message.Kind != MessageKind.TimerTick)
                {
                    _catalog.MessageCenter.Redispatch(message);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        _deactivated.TrySetResult();
    }
}
