using Orleans.TestingHost;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>
/// No event is lost, and none is applied twice, when the silo of a publishing grain dies, on a cluster of two silos
/// configured like the shipped Silo (Redis membership, PostgreSQL storage and the AdoNet stream provider): an event
/// stored in the grain's outbox but never published is published when the grain activates again, and an event published
/// but still in the outbox is published again and dropped by the consumer (the activity feed) by its id.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class OutboxCrashTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EventStoredButNeverPublishedIsDeliveredOnceAfterItsSiloDies()
    {
        using var republishes = new OutboxRepublishes();
        await using var cluster = await BackendCluster.StartAsync(HaltAfterWriteStorage.AddTo, silos: 2);
        var grains = cluster.Cluster.Client;
        var user = $"crash-{Guid.NewGuid():N}";
        var probe = grains.GetGrain<IOutboxProbeGrain>(user);
        var silo = await probe.GetSilo();

        // The write is stored, and the grain halts before its publish; then its silo dies.
        var stored = HaltAfterWriteStorage.Arm(user);
        var lost = FeedReads.NewEvent(user, "stored, never published");
        var call = probe.Record(lost);
        await Eventually.Within(stored, Deadline);
        Assert.DoesNotContain(lost.Id, await FeedReads.EventIdsAsync(grains, user));
        await cluster.Cluster.KillSiloAsync(SiloAt(cluster.Cluster, silo));

        // The halted call fails when its response times out; nothing waits for that.
        _ = call.ContinueWith(static t => t.Exception, TaskScheduler.Default);

        // The next activation finds the event in its outbox and publishes it.
        var writes = await ReactivateAsync(probe);
        Assert.Equal(1, writes);
        Assert.Contains(OutboxActivations.Of(user), pending => pending.Contains(lost.Id));
        await Eventually.True(() => republishes.Count >= 1, "the activation re-published its outbox", Deadline);
        await FeedReads.WaitUntilAppliedAsync(grains, lost, Deadline);

        await AssertAppliedOnceAsync(grains, probe, user, lost);
    }

    [Fact]
    public async Task EventPublishedButNotTrimmedIsPublishedAgainAndAppliedOnce()
    {
        using var republishes = new OutboxRepublishes();
        await using var cluster = await BackendCluster.StartAsync(HaltAfterWriteStorage.AddTo, silos: 2);
        var grains = cluster.Cluster.Client;
        var user = $"crash-{Guid.NewGuid():N}";
        var probe = grains.GetGrain<IOutboxProbeGrain>(user);

        var published = FeedReads.NewEvent(user, "published, left in the outbox");
        await probe.Record(published);
        await FeedReads.WaitUntilAppliedAsync(grains, published, Deadline);

        // The outbox is trimmed at the next write or on deactivation: a silo that dies does neither.
        await cluster.Cluster.KillSiloAsync(SiloAt(cluster.Cluster, await probe.GetSilo()));
        await ReactivateAsync(probe);
        Assert.Contains(OutboxActivations.Of(user), pending => pending.Contains(published.Id));
        await Eventually.True(() => republishes.Count >= 1, "the activation published the copy left in its outbox", Deadline);

        await AssertAppliedOnceAsync(grains, probe, user, published);
    }

    private static SiloHandle SiloAt(TestCluster cluster, string address) =>
        cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == address);

    /// <summary>Calls the grain until an activation on a live silo answers; returns its stored writes.</summary>
    private static async Task<int> ReactivateAsync(IOutboxProbeGrain probe)
    {
        var writes = -1;
        await Eventually.True(
            async () =>
            {
                try
                {
                    writes = await probe.GetWrites();
                    return true;
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    return false;
                }
            },
            "the publisher activates on the surviving silo",
            Deadline);
        return writes;
    }

    /// <summary>
    /// Publishes a fence event after everything the publisher re-published (one stream is delivered in order) and, once
    /// the feed has it, asserts the feed holds <paramref name="item"/> exactly once, before the fence.
    /// </summary>
    private static async Task AssertAppliedOnceAsync(IGrainFactory grains, IOutboxProbeGrain probe, string user, DomainEvent item)
    {
        var fence = FeedReads.NewEvent(user, "fence");
        await probe.Record(fence);
        await FeedReads.WaitUntilAppliedAsync(grains, fence, Deadline);

        var ids = await FeedReads.EventIdsAsync(grains, user);
        Assert.Equal([item.Id, fence.Id], ids);
    }
}
