using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>Told by a user's <see cref="IActivityFeedGrain"/> when it applied new events (a wake-up, not the events).</summary>
[Alias("OrleansBackend.IActivityObserver")]
public interface IActivityObserver : IGrainObserver
{
    /// <summary>The feed's newest sequence is now <paramref name="lastSequence"/>.</summary>
    [Alias("EventsAvailable")]
    [OneWay]
    Task EventsAvailable(long lastSequence);
}
