using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Scheduling;
using OrleansBackend.Runtime.Timers;

namespace OrleansBackend.Runtime.Activation;

/// <summary>Running a request inside the activation's turn and answering its caller.</summary>
internal sealed partial class ActivationData
{
    private void StartInvocation(Message message)
    {
        RuntimeContext.CurrentRequest = message;
        if (GrainCallTracing.IsEnabled)
        {
            // Becomes the ambient activity of the grain's code (restored with the execution context after the turn).
            message.ServerActivity = GrainCallTracing.StartServerSpan(message, _catalog.SiloName);
        }

        if (_catalog.Metrics.IsCallDurationEnabled)
        {
            message.StartTimestamp = Stopwatch.GetTimestamp();
        }

        object grain = _grain!;
        ValueTask pending;
        if (message.Request.Method.IsExtension && !TryGetExtensionTarget(message, out grain))
        {
            pending = default;
        }
        else if (_catalog.CallFilters.Length > 0 || grain is IIncomingGrainCallFilter)
        {
            pending = new IncomingGrainCallContext(grain, GrainId, message.Request, _catalog.CallFilters).RunAsync();
        }
        else
        {
            pending = message.Request.InvokeAsync(grain);
        }

        if (pending.IsCompleted)
        {
            OnInvocationCompleted(message);
        }
        else
        {
            var callback = message.InvocationCallback ??= () => OnInvocationCompleted(message);
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(callback);
        }
    }

    /// <summary>Extension calls are served by the activation's extension object; a missing one fails the call.</summary>
    private bool TryGetExtensionTarget(Message message, out object target)
    {
        try
        {
            target = GetOrCreateExtension(message.Request.Method.InterfaceType);
            return true;
        }
        catch (Exception exception)
        {
            message.Request.Exception = exception;
            target = null!;
            return false;
        }
    }

    private void OnInvocationCompleted(Message message)
    {
        _catalog.Metrics.OnCallCompleted(message);
        if (message.ServerActivity is { } span)
        {
            message.ServerActivity = null;
            GrainCallTracing.EndServerSpan(span, message.Request.Exception);
        }

        var isTimerTick = message.Kind == MessageKind.TimerTick;
        var keepAlive = true;
        if (isTimerTick)
        {
            var tick = (TimerTickRequest)message.Request;
            keepAlive = tick.Timer.KeepAlive;
            if (tick.Exception is { } exception)
            {
                _catalog.Logger.LogWarning(exception, "A timer callback of {GrainId} failed", GrainId);
                tick.Exception = null;
            }

            // Re-arm before the turn is released, so whoever runs next already sees the timer armed.
            tick.Timer.OnTickCompleted();
        }

        var schedule = false;
        lock (_lock)
        {
            RemoveRunningLocked(message);
            if (keepAlive)
            {
                _lastActive = _catalog.TimeProvider.GetTimestamp();
            }

            if (_runningCount == 0 && _deactivationRequested && _state == ActivationState.Valid)
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

        if (!isTimerTick)
        {
            Respond(message);
        }
    }

    /// <summary>Answers the caller with no activation context installed, so callers never resume inside this turn.</summary>
    private void Respond(Message message)
    {
        if (message.Kind == MessageKind.OneWay)
        {
            if (message.Request.Exception is { } exception)
            {
                _catalog.Logger.LogWarning(exception, "One-way call {Method} to {GrainId} failed", message.Request.Method, GrainId);
            }

            return;
        }

        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            _catalog.MessageCenter.SendResponse(message);
        }
        catch (ObjectDisposedException)
        {
            // The silo was torn down (killed) while this request ran: there is no one left to answer through, and the
            // caller learns of it from its lost connection or its timeout. Throwing here would crash the process.
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
