namespace OrleansBackend.Runtime.Persistence;

/// <summary>
/// A write or clear found a different version in storage than the one it read: another activation (or an
/// older copy of this one) changed the state. The activation that got it is deactivated, so the next call
/// reloads current state.
/// </summary>
public class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the two versions involved.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The version found in storage.</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the writer expected.</summary>
    public string? CurrentEtag { get; }
}
