using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Tests.Streams.TestGrains;

public interface ISilentConsumerGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>Implicitly subscribed to "silent" but never attaches a handler: its events must end as dead letters.</summary>
[ImplicitStreamSubscription(StreamTestNames.Silent)]
public sealed class SilentConsumerGrain : Grain, ISilentConsumerGrain
{
    public Task<int> Ping() => Task.FromResult(1);
}
