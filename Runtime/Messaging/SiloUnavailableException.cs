namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// The silo a call went to died or went away while the call was in flight; the call may or may not have run.
/// Calls that were never delivered are re-routed instead of failing with this.
/// </summary>
public class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
