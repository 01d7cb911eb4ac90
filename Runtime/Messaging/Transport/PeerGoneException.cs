namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>The peer is certainly gone: nothing listens at its endpoint, or a different generation does.</summary>
internal sealed class PeerGoneException : Exception
{
    public PeerGoneException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
