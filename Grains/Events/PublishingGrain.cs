using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// A durable grain that publishes domain events through a transactional outbox: <see cref="SaveAsync(DomainEvent[])"/>
/// stores the events in the state's outbox in the same write as the change that causes them; a turn of their own, right
/// after the request's turn, publishes them in order, so the caller's answer waits for the state write only, not for the
/// stream. Published events are trimmed at the next write, or when the activation ends (which publishes what is left
/// first). Events still in the outbox when the grain activates (its silo died between the write and the publish, or
/// before the trim) are published again, and consumers drop a second copy by event id. A failed publish does not fail
/// anything (the events are durable); the same grain timer retries it, so no event waits for the next request.
/// </summary>
/// <typeparam name="TState">The grain's state, which carries the outbox.</typeparam>
public abstract class PublishingGrain<TState> : DurableGrain
    where TState : IEventSourceState
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<TState> _state;
    private int _published;
    private IGrainTimer? _publisher;
    private KeyValuePair<string, object?> _nextTrigger = OutboxMetrics.AfterWrite;
    private bool _retrying;
    private KeyValuePair<string, object>[] _writerContext = [];
    private TimeSpan _retryDelay = FirstRetryDelay;
    private ILogger? _logger;

    /// <summary>Binds the grain to its state.</summary>
    protected PublishingGrain(IPersistentState<TState> state)
    {
        _state = state;
    }

    /// <summary>The state as it is in memory.</summary>
    protected TState State => _state.State;

    /// <summary>The grain's persistent state.</summary>
    protected IPersistentState<TState> PersistentState => _state;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Resolved now: when a silo is torn down its service provider may be gone by the time a failure is logged.
        _logger = ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBackend.Grains.Outbox");
        return State.Outbox.Count > 0 ? PublishPendingAsync(OutboxMetrics.OnActivation) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _publisher?.Dispose();
        if (reason.ReasonCode != DeactivationReasonCode.ApplicationError && _published < State.Outbox.Count && !_retrying)
        {
            // Scheduled but not yet published (the activation ends right after a write): publish now rather than wait
            // for the next activation, which may be far off.
            try
            {
                await PublishPendingAsync(_nextTrigger);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Arming the retry timer of an ending activation can fail; the events stay in the outbox.
                Logger.LogDebug(exception, "Publishing the outbox of {GrainId} on deactivation failed", this.GetGrainId());
            }
        }

        if (_published > 0 && reason.ReasonCode != DeactivationReasonCode.ApplicationError)
        {
            try
            {
                State.Outbox.RemoveRange(0, _published);
                _published = 0;
                await _state.WriteStateAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Best effort: an untrimmed outbox is published again on the next activation and dropped there.
                Logger.LogDebug(exception, "Trimming the outbox of {GrainId} failed", this.GetGrainId());
            }
        }
    }

    /// <summary>
    /// Writes the state with <paramref name="events"/> in its outbox (both are stored or neither is), and schedules their
    /// publication in a turn of its own right after this one. A failed write retires the activation and rethrows.
    /// </summary>
    protected async Task SaveAsync(params DomainEvent[] events)
    {
        State.Outbox.RemoveRange(0, _published);
        _published = 0;
        State.Outbox.AddRange(events);
        await SaveAsync(_state);
        if (State.Outbox.Count > 0 && !_retrying)
        {
            // The publishing turn carries the request context of the write (its trace, above all), as an inline
            // publish would: the events stay part of the request that caused them.
            _writerContext = [.. RequestContext.Entries];
            SchedulePublish(TimeSpan.Zero, OutboxMetrics.AfterWrite);
        }
    }

    private ILogger Logger => _logger ?? NullLogger.Instance;

    private async Task PublishPendingAsync(KeyValuePair<string, object?> trigger)
    {
        var outbox = State.Outbox;
        try
        {
            var provider = this.GetStreamProvider(DomainStreams.Provider);
            while (_published < outbox.Count)
            {
                var item = outbox[_published];
                await provider.GetStream<DomainEvent>(DomainStreams.ForUser(item.UserId)).OnNextAsync(item);
                _published++;
                OutboxMetrics.Published(trigger);
            }

            _retrying = false;
            _retryDelay = FirstRetryDelay;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            OutboxMetrics.Failed(trigger);
            Logger.LogWarning(exception, "Publishing the events of {GrainId} failed; retrying in {Delay}", this.GetGrainId(), _retryDelay);
            _retrying = true;
            SchedulePublish(_retryDelay, OutboxMetrics.ByRetry);
            _retryDelay = _retryDelay * 2 < MaxRetryDelay ? _retryDelay * 2 : MaxRetryDelay;
        }
    }

    private async Task PublishScheduledAsync()
    {
        foreach (var (key, value) in _writerContext)
        {
            RequestContext.Set(key, value);
        }

        try
        {
            await PublishPendingAsync(_nextTrigger);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    /// <summary>Arms the one publishing timer: its tick is a turn of its own, never interleaved with a request.</summary>
    private void SchedulePublish(TimeSpan dueTime, KeyValuePair<string, object?> trigger)
    {
        _nextTrigger = trigger;
        if (_publisher is null)
        {
            _publisher = this.RegisterGrainTimer(
                static grain => grain.PublishScheduledAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = dueTime, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }
        else
        {
            _publisher.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }
}
