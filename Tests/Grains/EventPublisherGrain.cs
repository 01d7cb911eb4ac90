using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Tests.Grains;

/// <summary>Publishes numbered events on a user's stream through the cluster's own stream provider.</summary>
public sealed class EventPublisherGrain : Grain, IEventPublisherGrain
{
    /// <summary>The type of the events it publishes.</summary>
    public const string EventType = "account.credited";

    /// <summary>The data of event <paramref name="n"/>.</summary>
    public static string Data(long n) => $$"""{"n":{{n}}}""";

    /// <inheritdoc />
    public async Task Publish(int first, int count)
    {
        var userId = this.GetPrimaryKeyString();
        var stream = this.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(userId));
        for (var n = first; n < first + count; n++)
        {
            await stream.OnNextAsync(new DomainEvent(Guid.NewGuid(), userId, EventType, DateTimeOffset.UnixEpoch.AddSeconds(n), Data(n)));
        }
    }
}
