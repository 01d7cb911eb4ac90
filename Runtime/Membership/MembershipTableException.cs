namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// The membership table's store failed: unreachable, timed out, or rejected the command. The message names the
/// store and the operation. A failed conditional write may or may not have been applied: read the table again.
/// </summary>
public class MembershipTableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MembershipTableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MembershipTableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
