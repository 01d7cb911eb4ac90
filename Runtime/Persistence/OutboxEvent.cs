using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// An event a grain appends to a stream together with a state write (the transactional outbox): storage commits
/// both in one transaction, so the state and its events are never one without the other.
/// </summary>
public sealed class OutboxEvent
{
    /// <summary>Creates an event from an already serialized payload.</summary>
    /// <param name="streamNamespace">The stream's namespace (for example <c>account</c>).</param>
    /// <param name="streamKey">The stream's key within its namespace.</param>
    /// <param name="eventType">A stable name of the event's type, for readers that dispatch on it.</param>
    /// <param name="payload">The serialized event.</param>
    public OutboxEvent(string streamNamespace, string streamKey, string eventType, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentNullException.ThrowIfNull(streamKey);
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        ArgumentNullException.ThrowIfNull(payload);
        StreamNamespace = streamNamespace;
        StreamKey = streamKey;
        EventType = eventType;
        Payload = payload;
    }

    /// <summary>The stream's namespace.</summary>
    public string StreamNamespace { get; }

    /// <summary>The stream's key within its namespace.</summary>
    public string StreamKey { get; }

    /// <summary>The event's type name.</summary>
    public string EventType { get; }

    /// <summary>The serialized event (<see cref="PayloadSerializer"/> format).</summary>
    public byte[] Payload { get; }

    /// <summary>
    /// Creates an event from a <c>[GenerateSerializer]</c> value; the type name defaults to the value type's full
    /// name. Pass <paramref name="eventType"/> to keep it stable when the type is renamed.
    /// </summary>
    public static OutboxEvent Create<TEvent>(string streamNamespace, string streamKey, TEvent value, string? eventType = null) =>
        new(streamNamespace, streamKey, eventType ?? EventTypeName<TEvent>.Value, PayloadSerializer.Serialize(value));

    /// <summary>Reads the payload back as <typeparamref name="TEvent"/>.</summary>
    public TEvent Deserialize<TEvent>() => PayloadSerializer.Deserialize<TEvent>(Payload);

    /// <summary>The type name is computed once per type, not per event.</summary>
    private static class EventTypeName<TEvent>
    {
        public static readonly string Value = typeof(TEvent).FullName ?? typeof(TEvent).Name;
    }
}
