using System.Diagnostics.Metrics;

namespace OrleansBackend.Grains.Events;

/// <summary>
/// The outbox's own meter (<c>OrleansBackend.Grains</c>): events published from grain outboxes, labelled with what
/// triggered the publish, and failed publishes. Re-publishes on activation are the visible trace of a silo that died
/// between a state write and its publish (or before the trim): consumers drop those copies by event id.
/// </summary>
internal static class OutboxMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansBackend.Grains";

    /// <summary>Published right after the state write that stored the events.</summary>
    public static readonly KeyValuePair<string, object?> AfterWrite = new("trigger", "write");

    /// <summary>Re-published when the grain activated with events still in its outbox.</summary>
    public static readonly KeyValuePair<string, object?> OnActivation = new("trigger", "activation");

    /// <summary>Published by the retry timer after a failed publish.</summary>
    public static readonly KeyValuePair<string, object?> ByRetry = new("trigger", "retry");

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> PublishedEvents = Meter.CreateCounter<long>(
        "orleansbackend.outbox.published",
        unit: "{event}",
        description: "Domain events published from grain outboxes, by trigger: write (right after the state write), activation (left in the outbox by a silo that died; consumers drop the copy), retry (after a failed publish).");

    private static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "orleansbackend.outbox.publish_failures",
        unit: "{failure}",
        description: "Outbox publishes that failed and were left to the retry timer (the events stay durable in the grain's state).");

    /// <summary>Counts one published event.</summary>
    public static void Published(KeyValuePair<string, object?> trigger) => PublishedEvents.Add(1, trigger);

    /// <summary>Counts one failed publish.</summary>
    public static void Failed(KeyValuePair<string, object?> trigger) => PublishFailures.Add(1, trigger);
}
