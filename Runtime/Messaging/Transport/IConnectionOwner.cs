namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>What a connection reports to the process that owns it.</summary>
internal interface IConnectionOwner
{
    /// <summary>A message frame arrived (the payload is valid only during the call).</summary>
    void OnMessage(Connection connection, ReadOnlySpan<byte> payload);

    /// <summary>A control frame arrived.</summary>
    void OnControl(Connection connection, FrameType type, long value);

    /// <summary>
    /// A request was queued after this side promised the peer to send nothing more (the peer is leaving); it was
    /// not sent and must go elsewhere.
    /// </summary>
    void OnRefused(Connection connection, Message message);

    /// <summary>A queued message could not be serialized; it was not sent.</summary>
    void OnSerializationFailed(Connection connection, Message message, Exception exception);

    /// <summary>
    /// The connection is gone. <paramref name="unsent"/> holds the messages that were queued on it but never
    /// written, so they can be routed again.
    /// </summary>
    void OnClosed(Connection connection, List<Message> unsent);
}
