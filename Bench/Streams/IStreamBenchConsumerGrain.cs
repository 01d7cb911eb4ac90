namespace OrleansBackend.Bench.Streams;

/// <summary>The consumer of one benchmark stream (implicitly subscribed: its key is the stream's key).</summary>
[Alias("OrleansBackend.Bench.IStreamBenchConsumerGrain")]
public interface IStreamBenchConsumerGrain : IGrainWithStringKey
{
    /// <summary>Activates the consumer (it attaches its handler on activation).</summary>
    [Alias("Ping")]
    Task Ping();
}
