using Orleans;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>A publisher of domain events through the project's outbox (<c>PublishingGrain</c>), keyed by the user whose stream it publishes to.</summary>
[Alias("OrleansBackend.Tests.Streams.IOutboxProbeGrain")]
public interface IOutboxProbeGrain : IGrainWithStringKey
{
    /// <summary>Writes the state with <paramref name="item"/> in its outbox, then publishes it (as the backend's grains do).</summary>
    [Alias("Record")]
    Task Record(DomainEvent item);

    /// <summary>Publishes <paramref name="item"/> again, straight to the stream (a duplicate as a redelivery would make it).</summary>
    [Alias("PublishCopy")]
    Task PublishCopy(DomainEvent item);

    /// <summary>The writes stored so far.</summary>
    [Alias("GetWrites")]
    Task<int> GetWrites();

    /// <summary>The silo the activation runs on.</summary>
    [Alias("GetSilo")]
    Task<string> GetSilo();
}
