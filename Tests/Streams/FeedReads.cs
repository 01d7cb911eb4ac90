using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Streams;

/// <summary>What the stream tests read from a user's activity feed (the project's consumer that drops copies by event id).</summary>
public static class FeedReads
{
    /// <summary>A new event on <paramref name="userId"/>'s stream.</summary>
    public static DomainEvent NewEvent(string userId, string note) =>
        new(Guid.NewGuid(), userId, DomainEventTypes.AccountCredited, DateTimeOffset.UtcNow, $"{{\"note\":\"{note}\"}}");

    /// <summary>Waits until the feed holds <paramref name="item"/> (calls that fail while a silo dies are tried again).</summary>
    public static Task WaitUntilAppliedAsync(IGrainFactory grains, DomainEvent item, TimeSpan timeout) =>
        Eventually.True(
            async () =>
            {
                try
                {
                    return (await Feed(grains, item.UserId).GetLatest(100)).Any(i => i.EventId == item.Id);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    return false;
                }
            },
            $"the feed of {item.UserId} applied event {item.Id}",
            timeout);

    /// <summary>The ids of the feed's items, oldest first.</summary>
    public static async Task<List<Guid>> EventIdsAsync(IGrainFactory grains, string userId) =>
        [.. (await Feed(grains, userId).GetLatest(100)).OrderBy(i => i.Sequence).Select(i => i.EventId)];

    private static IActivityFeedGrain Feed(IGrainFactory grains, string userId) => grains.GetGrain<IActivityFeedGrain>(userId);
}
