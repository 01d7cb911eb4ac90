namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>What the process's message center does with what connections deliver.</summary>
internal interface ITransportHandler
{
    /// <summary>A message frame arrived (the payload is valid only during the call).</summary>
    void OnMessage(Connection connection, ReadOnlySpan<byte> payload);

    /// <summary>
    /// A connection died: calls written to it fail fast (they may or may not have run); <paramref name="unsent"/>
    /// were never written and are routed again.
    /// </summary>
    void OnConnectionLost(Connection connection, List<Message> unsent);

    /// <summary>Messages that can no longer go where they were queued (their silo died) are routed again.</summary>
    void Reroute(List<Message> messages);

    /// <summary>Messages that cannot be delivered at all fail with <paramref name="exception"/>.</summary>
    void FailUndeliverable(List<Message> messages, Exception exception);

    /// <summary>A queued message could not be serialized; its caller must be told.</summary>
    void OnSerializationFailed(Connection connection, Message message, Exception exception);

    /// <summary>The caller of call <paramref name="callId"/> on <paramref name="connection"/> cancelled it.</summary>
    void OnCancel(Connection connection, long callId);
}
