using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace OrleansBackend.Hosting.Streams;

/// <summary>What the backend's durable stream providers share, read from their <c>Orleans:Streaming:&lt;name&gt;</c> section.</summary>
internal static class StreamProviderConfiguration
{
    /// <summary>
    /// Implicit subscriptions only (no pub-sub grains or PubSubStore: every consumer is a grain that subscribes by
    /// namespace), the number of queues (<c>Queues</c>, default 8: one pulling agent each, spread over the silos), and
    /// how often an idle agent polls (<c>PollInterval</c>, default 100 ms).
    /// </summary>
    public static void Apply(ISiloPersistentStreamConfigurator stream, IConfigurationSection section)
    {
        stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        var queues = section.GetValue("Queues", 8);
        stream.Configure<HashRingStreamQueueMapperOptions>(ob => ob.Configure(o => o.TotalQueueCount = queues));
        if (section.GetValue<TimeSpan?>("PollInterval") is { } poll)
        {
            stream.ConfigurePullingAgent(ob => ob.Configure(o => o.GetQueueMsgsTimerPeriod = poll));
        }
    }
}
