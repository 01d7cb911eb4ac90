namespace OrleansBackend.Runtime.Persistence;

/// <summary>The storage itself failed (unreachable, timed out, rejected the command); nothing was written.</summary>
public class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
