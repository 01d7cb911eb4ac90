using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// A user's activity feed: implicitly subscribed to the user's stream, it keeps the latest
/// <see cref="MaxItems"/> events. Streams deliver at least once; an event at or below the last applied sequence
/// number is a redelivery and changes nothing.
/// </summary>
[ImplicitStreamSubscription(DomainStreams.UserNamespace)]
public sealed class ActivityFeedGrain : Grain, IActivityFeedGrain
{
    public const int MaxItems = 1000;

    private readonly IPersistentState<ActivityFeedState> _state;

    public ActivityFeedGrain([PersistentState("activity")] IPersistentState<ActivityFeedState> state)
    {
        _state = state;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnEventAsync);
    }

    public Task<IReadOnlyList<ActivityItem>> GetLatest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var items = _state.State.Items;
        var count = Math.Min(limit, items.Count);
        var result = new ActivityItem[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = items[items.Count - 1 - i];
        }

        return Task.FromResult<IReadOnlyList<ActivityItem>>(result);
    }

    private async Task OnEventAsync(DomainEvent item, StreamSequenceToken token)
    {
        var state = _state.State;
        if (token.SequenceNumber <= state.LastSequence)
        {
            return;
        }

        state.Items.Add(new ActivityItem(token.SequenceNumber, item.Type, item.At, item.Data));
        if (state.Items.Count > MaxItems)
        {
            state.Items.RemoveRange(0, state.Items.Count - MaxItems);
        }

        state.LastSequence = token.SequenceNumber;
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory no longer matches storage: start over from storage; the stream offers the event again.
            DeactivateOnIdle();
            throw;
        }
    }
}
