namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>How a liveness probe ended.</summary>
internal enum ProbeOutcome
{
    /// <summary>The peer answered.</summary>
    Answered,

    /// <summary>No answer in time: maybe dead, maybe slow.</summary>
    TimedOut,

    /// <summary>Certainly not that silo: the connection was refused, or another generation answers at its endpoint.</summary>
    Gone,
}
