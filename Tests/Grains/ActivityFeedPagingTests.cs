using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Streams;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// The activity feed keeps at least its latest 1,000 events while writing only the events since its last full page:
/// full pages move to page grains, the oldest are discarded, and reads walk from the newest page back.
/// </summary>
public sealed class ActivityFeedPagingTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(1)
        .ConfigureSilo(silo =>
        {
            silo.AddBackendGrains();
            silo.AddMemoryStreams(StreamProviderNames.Default);
        })
        .Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task TheFeedPagesItsHistoryAndKeepsTheLatestThousand()
    {
        var userId = $"usr_paging{Guid.NewGuid():N}";
        const int Published = (ActivityFeedGrain.PageSize * 22) + 20;
        var stream = _cluster.Client.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(userId));
        for (var first = 1; first <= Published; first += 100)
        {
            var batch = Enumerable.Range(first, Math.Min(100, Published - first + 1))
                .Select(i => new DomainEvent("account.credited", DateTimeOffset.UnixEpoch.AddSeconds(i), $$"""{"n":{{i}}}"""))
                .ToList();
            await stream.OnNextBatchAsync(batch);
        }

        var feed = _cluster.GrainFactory.GetGrain<IActivityFeedGrain>(userId);
        await Eventually.True(async () => (await feed.GetLatest(1)) is [{ Sequence: Published }], $"the feed applied all {Published} events");

        // Newest first, across the unsealed events and several pages, without a gap.
        var latest = await feed.GetLatest(200);
        Assert.Equal(Enumerable.Range(Published - 199, 200).Reverse().Select(i => (long)i), latest.Select(i => i.Sequence));
        Assert.Equal($$"""{"n":{{Published}}}""", latest[0].Data);

        // At least the latest 1,000 are kept; pages beyond the retention are gone, the oldest kept one is whole.
        var all = await feed.GetLatest(int.MaxValue);
        Assert.InRange(all.Count, ActivityFeedGrain.MaxItems, ActivityFeedGrain.MaxItems + ActivityFeedGrain.PageSize);
        Assert.Equal(Enumerable.Range(Published - all.Count + 1, all.Count).Reverse().Select(i => (long)i), all.Select(i => i.Sequence));
        Assert.Empty(await Page(userId, 0).GetItems());
        Assert.Empty(await Page(userId, 1).GetItems());
        Assert.Equal(ActivityFeedGrain.PageSize, (await Page(userId, 2).GetItems()).Count);
    }

    private IActivityPageGrain Page(string userId, long page) =>
        _cluster.GrainFactory.GetGrain<IActivityPageGrain>(ActivityPageGrain.Key(userId, page));
}
