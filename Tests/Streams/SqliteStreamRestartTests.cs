using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Streams.TestGrains;

namespace OrleansBackend.Tests.Streams;

/// <summary>
/// The embedded mode's SQLite stream provider keeps what it was given: events still in the queue when the silo stopped
/// are delivered by the next silo on the file, and an event delivered twice is applied once by the activity feed.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class SqliteStreamRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task QueuedEventsAreDeliveredAfterARestartAndACopyIsAppliedOnce()
    {
        using var file = new TempSqliteFile();
        var serviceId = $"sqlite-streams-{Guid.NewGuid():N}";
        var user = $"queued-{Guid.NewGuid():N}";
        var queued = FeedReads.NewEvent(user, "queued when the silo stopped");

        // The first silo's pulling agents never start: what it publishes stays in the queue.
        await using (var first = await StartAsync(file, serviceId, silo => silo.Services.Configure<StreamLifecycleOptions>(
            DomainStreams.Provider,
            o => o.StartupState = StreamLifecycleOptions.RunState.AgentsStopped)))
        {
            var probe = first.Client.GetGrain<IOutboxProbeGrain>(user);
            await probe.Record(queued);
            await probe.PublishCopy(queued);
        }

        Assert.Equal(2L, await file.ScalarAsync("SELECT count(*) FROM orleans_stream_queue"));

        await using var second = await StartAsync(file, serviceId);
        await FeedReads.WaitUntilAppliedAsync(second.Client, queued, Deadline);

        // A fence after both copies: once it is applied, both copies have been delivered.
        var fence = FeedReads.NewEvent(user, "fence");
        await second.Client.GetGrain<IOutboxProbeGrain>(user).Record(fence);
        await FeedReads.WaitUntilAppliedAsync(second.Client, fence, Deadline);

        Assert.Equal([queued.Id, fence.Id], await FeedReads.EventIdsAsync(second.Client, user));
        await Eventually.True(
            async () => (long)(await file.ScalarAsync("SELECT count(*) FROM orleans_stream_queue"))! == 0,
            "the delivered messages are deleted from the queue",
            Deadline);
    }

    private static Task<InProcessTestCluster> StartAsync(TempSqliteFile file, string serviceId, Action<ISiloBuilder>? configure = null) =>
        BackendTestSilo.StartAsync(
            BackendSiloSettings.Sqlite(file.FilePath),
            serviceId,
            silo =>
            {
                HaltAfterWriteStorage.AddTo(silo);
                configure?.Invoke(silo);
            });
}
