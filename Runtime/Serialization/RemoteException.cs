namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Stands in for an exception thrown on another silo whose type cannot be created here (unknown type, or no
/// constructor taking a message). <see cref="OriginalTypeName"/> says what was thrown.
/// </summary>
public sealed class RemoteException : Exception
{
    /// <summary>Creates the stand-in.</summary>
    public RemoteException(string originalTypeName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>The full name of the exception type that was thrown remotely.</summary>
    public string OriginalTypeName { get; }
}
