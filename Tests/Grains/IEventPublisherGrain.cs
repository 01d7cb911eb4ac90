using Orleans;

namespace OrleansBackend.Tests.Grains;

/// <summary>A test grain that publishes numbered events on a user's stream, as the backend's grains publish theirs.</summary>
[Alias("OrleansBackend.Tests.IEventPublisherGrain")]
public interface IEventPublisherGrain : IGrainWithStringKey
{
    /// <summary>
    /// Publishes events <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 on the stream of
    /// the user this grain is keyed by, in order; event n has data <c>{"n":n}</c> and happened n seconds after the epoch.
    /// </summary>
    [Alias("Publish")]
    Task Publish(int first, int count);
}
