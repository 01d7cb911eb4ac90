using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// The grain extension stream providers deliver through: callable on any grain, it hands each event to the handler
/// the grain attached for the subscription, as a turn of that grain (runtime infrastructure).
/// </summary>
public interface IStreamConsumerExtension : IGrainExtension
{
    /// <summary>Hands the events to the subscription's handler in order, stopping at the first that fails.</summary>
    Task<StreamDeliveryResult> DeliverAsync(StreamDelivery delivery);
}
