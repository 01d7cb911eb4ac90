using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>Implicitly subscribed to namespace "counter": applies each event once (by sequence), with durable state.</summary>
public interface IImplicitConsumerGrain : IGrainWithStringKey
{
    Task<ConsumerSnapshot> GetSnapshot();
}
