namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>The peer refused our handshake (wrong cluster secret or cluster id): retrying will not help.</summary>
internal sealed class HandshakeRejectedException : Exception
{
    public HandshakeRejectedException(string message)
        : base(message)
    {
    }
}
