using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Utilities;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// A user's activity feed: implicitly subscribed to the user's stream, it numbers the events it applies and keeps at
/// least the latest <see cref="MaxItems"/>. Its own state holds only the events since the last full page; full pages
/// of <see cref="PageSize"/> go to page grains, so each event costs a small write rather than re-encoding the feed.
/// <para>
/// Events arrive at least once (publishers re-publish their outbox after a crash, the stream provider redelivers what
/// it was not told was delivered), so a copy of an event the feed keeps is dropped by its id. A copy older than
/// everything the feed keeps is dropped too: the feed no longer holds its neighbours, and it would show as new.
/// </para>
/// </summary>
[ImplicitStreamSubscription(DomainStreams.UserNamespace)]
public sealed class ActivityFeedGrain : DurableGrain, IActivityFeedGrain
{
    /// <summary>The feed keeps at least this many of the latest events.</summary>
    public const int MaxItems = 1000;

    /// <summary>Events per sealed page.</summary>
    public const int PageSize = 50;

    /// <summary>Sealed pages kept: with the unsealed events, at least <see cref="MaxItems"/>.</summary>
    private const int RetainedPages = MaxItems / PageSize;

    // How far a publisher's clock may lag behind the clock of an event the feed applied after it.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<ActivityFeedState> _state;
    private readonly ObserverManager<IActivityObserver> _observers;
    private HashSet<Guid>? _kept;
    private DateTimeOffset? _horizon;

    /// <summary>Creates the activation.</summary>
    public ActivityFeedGrain(
        [PersistentState("activity-feed", StorageNames.Default)] IPersistentState<ActivityFeedState> state,
        ILogger<ActivityFeedGrain> logger)
    {
        _state = state;
        _observers = new ObserverManager<IActivityObserver>(TimeSpan.FromMinutes(1), logger);
    }

    private string UserId => this.GetPrimaryKeyString();

    private long OldestKeptPage => Math.Max(0, _state.State.SealedPages - RetainedPages);

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(UserId));
        await stream.SubscribeAsync(OnEventAsync);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityItem>> GetLatest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var state = _state.State;
        var result = new List<ActivityItem>(Math.Min(limit, MaxItems));
        AddNewestFirst(result, state.Items, limit);
        for (var page = state.SealedPages - 1; page >= OldestKeptPage && result.Count < limit; page--)
        {
            AddNewestFirst(result, await Page(page).GetItems(), limit);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityItem>> GetSince(long afterSequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var state = _state.State;
        var result = new List<ActivityItem>();
        var firstUnsealed = (state.SealedPages * PageSize) + 1;
        var next = Math.Max(afterSequence + 1, (OldestKeptPage * PageSize) + 1);
        while (next < firstUnsealed && result.Count < limit)
        {
            var page = (next - 1) / PageSize;
            foreach (var item in await Page(page).GetItems())
            {
                if (item.Sequence >= next && result.Count < limit)
                {
                    result.Add(item);
                }
            }

            next = ((page + 1) * PageSize) + 1;
        }

        foreach (var item in state.Items)
        {
            if (item.Sequence >= next && result.Count < limit)
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public Task Subscribe(IActivityObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unsubscribe(IActivityObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private IActivityPageGrain Page(long page) => GrainFactory.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(UserId, page));

    private static void AddNewestFirst(List<ActivityItem> result, IReadOnlyList<ActivityItem> items, int limit)
    {
        for (var i = items.Count - 1; i >= 0 && result.Count < limit; i--)
        {
            result.Add(items[i]);
        }
    }

    private async Task OnEventAsync(DomainEvent item, StreamSequenceToken? token)
    {
        var kept = await KeptEventIdsAsync();
        if (kept.Contains(item.Id) || (_horizon is { } horizon && item.At < horizon))
        {
            return;
        }

        var state = _state.State;
        try
        {
            state.LastSequence++;
            state.Items.Add(new ActivityItem(state.LastSequence, item.Id, item.Type, item.At, item.Data));
            while (state.Items.Count >= PageSize)
            {
                await SealOldestPageAsync(state, kept);
            }

            await _state.WriteStateAsync();
        }
        catch
        {
            // Memory no longer matches storage: start over from storage; the stream offers the event again.
            _kept = null;
            DeactivateOnIdle();
            throw;
        }

        kept.Add(item.Id);
        await _observers.Notify(observer => observer.EventsAvailable(state.LastSequence));
    }

    /// <summary>The ids of every event the feed keeps, read once per activation (the pages hold most of them).</summary>
    private async Task<HashSet<Guid>> KeptEventIdsAsync()
    {
        if (_kept is not null)
        {
            return _kept;
        }

        var kept = new HashSet<Guid>();
        var state = _state.State;
        for (var page = OldestKeptPage; page < state.SealedPages; page++)
        {
            var items = await Page(page).GetItems();
            if (page == OldestKeptPage && state.SealedPages > RetainedPages && items.Count > 0)
            {
                // Pages were discarded: the feed no longer knows the ids of events older than this one.
                _horizon = items[0].At - ClockSkewAllowance;
            }

            kept.UnionWith(items.Select(i => i.EventId));
        }

        kept.UnionWith(state.Items.Select(i => i.EventId));
        return _kept = kept;
    }

    /// <summary>Moves the oldest full page of unsealed events to its page grain and lets the oldest page go.</summary>
    private async Task SealOldestPageAsync(ActivityFeedState state, HashSet<Guid> kept)
    {
        await Page(state.SealedPages).Seal(state.Items.GetRange(0, PageSize));
        state.Items.RemoveRange(0, PageSize);
        state.SealedPages++;
        if (state.SealedPages > RetainedPages)
        {
            var discarded = Page(state.SealedPages - RetainedPages - 1);
            var items = await discarded.GetItems();
            await discarded.Discard();
            kept.ExceptWith(items.Select(i => i.EventId));
            var oldest = await Page(OldestKeptPage).GetItems();
            if (oldest.Count > 0)
            {
                _horizon = oldest[0].At - ClockSkewAllowance;
            }
        }
    }
}
