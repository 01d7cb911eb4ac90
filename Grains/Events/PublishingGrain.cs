using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// A durable grain that publishes domain events through a transactional outbox: <see cref="SaveAsync(DomainEvent[])"/>
/// stores the events in the state's outbox in the same write as the change that causes them, then publishes them in
/// order. Published events are trimmed at the next write, or when the activation ends. Events still in the outbox when
/// the grain activates (its silo died between the write and the publish, or before the trim) are published again, and
/// consumers drop a second copy by event id. A failed publish does not fail the request (the events are durable); a
/// grain timer retries it, so no event waits for the next request.
/// </summary>
/// <typeparam name="TState">The grain's state, which carries the outbox.</typeparam>
public abstract class PublishingGrain<TState> : DurableGrain
    where TState : IEventSourceState
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<TState> _state;
    private int _published;
    private IGrainTimer? _retry;
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
        _retry?.Dispose();
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
    /// Writes the state with <paramref name="events"/> in its outbox (both are stored or neither is), then publishes
    /// them. A failed write retires the activation and rethrows.
    /// </summary>
    protected async Task SaveAsync(params DomainEvent[] events)
    {
        State.Outbox.RemoveRange(0, _published);
        _published = 0;
        State.Outbox.AddRange(events);
        await SaveAsync(_state);
        if (State.Outbox.Count > 0)
        {
            await PublishPendingAsync(OutboxMetrics.AfterWrite);
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

            _retry?.Dispose();
            _retry = null;
            _retryDelay = FirstRetryDelay;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            OutboxMetrics.Failed(trigger);
            Logger.LogWarning(exception, "Publishing the events of {GrainId} failed; retrying in {Delay}", this.GetGrainId(), _retryDelay);
            _retry?.Dispose();
            _retry = this.RegisterGrainTimer(
                static grain => grain.PublishPendingAsync(OutboxMetrics.ByRetry),
                this,
                new GrainTimerCreationOptions { DueTime = _retryDelay, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
            _retryDelay = _retryDelay * 2 < MaxRetryDelay ? _retryDelay * 2 : MaxRetryDelay;
        }
    }
}
