namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>Opening a connection failed, so nothing was sent and the operation can safely be tried again.</summary>
internal sealed class DatabaseUnreachableException : Exception
{
    public DatabaseUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
