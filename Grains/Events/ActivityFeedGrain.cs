using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// A user's activity feed: implicitly subscribed to the user's stream, it keeps at least the latest
/// <see cref="MaxItems"/> events. Its own state holds only the events since the last full page; full pages of
/// <see cref="PageSize"/> go to page grains, so each event costs a small write rather than re-encoding the whole
/// feed. Streams deliver at least once; an event at or below the last applied sequence number is a redelivery and
/// changes nothing, and sealing a page again keeps what was sealed first.
/// </summary>
[ImplicitStreamSubscription(DomainStreams.UserNamespace)]
public sealed class ActivityFeedGrain : Grain, IActivityFeedGrain
{
    public const int MaxItems = 1000;

    public const int PageSize = 50;

    /// <summary>Sealed pages kept: with the unsealed events, at least <see cref="MaxItems"/>.</summary>
    private const int RetainedPages = MaxItems / PageSize;

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

    public async Task<IReadOnlyList<ActivityItem>> GetLatest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var state = _state.State;
        var result = new List<ActivityItem>(Math.Min(limit, MaxItems));
        AddNewestFirst(result, state.Items, limit);
        var oldestKept = Math.Max(0, state.SealedPages - RetainedPages);
        for (var page = state.SealedPages - 1; page >= oldestKept && result.Count < limit; page--)
        {
            var items = await GrainFactory.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(this.GetPrimaryKeyString(), page)).GetItems();
            AddNewestFirst(result, items, limit);
        }

        return result;
    }

    private static void AddNewestFirst(List<ActivityItem> result, IReadOnlyList<ActivityItem> items, int limit)
    {
        for (var i = items.Count - 1; i >= 0 && result.Count < limit; i--)
        {
            result.Add(items[i]);
        }
    }

    private async Task OnEventAsync(DomainEvent item, StreamSequenceToken token)
    {
        var state = _state.State;
        if (token.SequenceNumber <= state.LastSequence)
        {
            return;
        }

        try
        {
            state.Items.Add(new ActivityItem(token.SequenceNumber, item.Type, item.At, item.Data));
            state.LastSequence = token.SequenceNumber;
            while (state.Items.Count >= PageSize)
            {
                await SealOldestPageAsync(state);
            }

            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory no longer matches storage: start over from storage; the stream offers the event again.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Moves the oldest full page of unsealed events to its page grain and lets the oldest page go.</summary>
    private async Task SealOldestPageAsync(ActivityFeedState state)
    {
        var userId = this.GetPrimaryKeyString();
        await GrainFactory.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(userId, state.SealedPages)).Seal(state.Items.GetRange(0, PageSize));
        state.Items.RemoveRange(0, PageSize);
        state.SealedPages++;
        if (state.SealedPages > RetainedPages)
        {
            await GrainFactory.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(userId, state.SealedPages - RetainedPages - 1)).Discard();
        }
    }
}
