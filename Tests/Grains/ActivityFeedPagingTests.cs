using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// The activity feed keeps at least its latest 1,000 events while writing only the events since its last full page:
/// full pages move to page grains, the oldest are discarded, and reads walk from the newest page back (or forward from
/// a sequence) without a gap. The events travel the cluster's own PostgreSQL stream, on three silos.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class ActivityFeedPagingTests : IClassFixture<GrainClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly GrainClusterFixture _fixture;

    public ActivityFeedPagingTests(GrainClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task TheFeedPagesItsHistoryAndKeepsTheLatestThousand()
    {
        var userId = Bank.NewOwner();
        const int Published = (ActivityFeedGrain.PageSize * 22) + 20;
        var publisher = _fixture.Grains.GetGrain<IEventPublisherGrain>(userId);
        for (var first = 1; first <= Published; first += 100)
        {
            await publisher.Publish(first, Math.Min(100, Published - first + 1));
        }

        var feed = _fixture.Grains.GetGrain<IActivityFeedGrain>(userId);
        await Eventually.True(async () => (await feed.GetLatest(1)) is [{ Sequence: Published }], $"the feed applied all {Published} events", Deadline);

        // Newest first, across the unsealed events and several pages, without a gap; each event once.
        var latest = await feed.GetLatest(200);
        Assert.Equal(Enumerable.Range(Published - 199, 200).Reverse().Select(i => (long)i), latest.Select(i => i.Sequence));
        Assert.Equal(EventPublisherGrain.Data(Published), latest[0].Data);
        Assert.Equal(latest.Select(i => EventPublisherGrain.Data(i.Sequence)), latest.Select(i => i.Data));

        // At least the latest 1,000 are kept; pages beyond the retention are gone, the oldest kept one is whole.
        var all = await feed.GetLatest(int.MaxValue);
        Assert.InRange(all.Count, ActivityFeedGrain.MaxItems, ActivityFeedGrain.MaxItems + ActivityFeedGrain.PageSize);
        Assert.Equal(Enumerable.Range(Published - all.Count + 1, all.Count).Reverse().Select(i => (long)i), all.Select(i => i.Sequence));
        Assert.Empty(await Page(userId, 0).GetItems());
        Assert.Empty(await Page(userId, 1).GetItems());
        Assert.Equal(ActivityFeedGrain.PageSize, (await Page(userId, 2).GetItems()).Count);

        // Forward from a sequence: from inside a kept page, across pages into the unsealed events.
        var oldestKept = Published - all.Count + 1;
        var since = await feed.GetSince(oldestKept + 10, 120);
        Assert.Equal(Enumerable.Range(oldestKept + 11, 120).Select(i => (long)i), since.Select(i => i.Sequence));
        var tail = await feed.GetSince(Published - 30, 1000);
        Assert.Equal(Enumerable.Range(Published - 29, 30).Select(i => (long)i), tail.Select(i => i.Sequence));
        Assert.Equal(all.Count, (await feed.GetSince(0, int.MaxValue)).Count);
    }

    private IActivityPageGrain Page(string userId, long page) =>
        _fixture.Grains.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(userId, page));
}
