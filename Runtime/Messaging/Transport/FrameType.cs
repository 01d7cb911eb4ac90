namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>What a frame on a silo or gateway connection carries (one byte after the length prefix).</summary>
internal enum FrameType : byte
{
    /// <summary>A request or response message.</summary>
    Message = 1,

    /// <summary>A liveness probe; the value is the probe id.</summary>
    Ping = 2,

    /// <summary>The answer to a probe; the value is the probe id.</summary>
    Pong = 3,

    /// <summary>"Membership changed, read the table now."</summary>
    MembershipChanged = 4,

    /// <summary>"This silo is stopping: route elsewhere." Sent by gateways to their clients.</summary>
    ShuttingDown = 5,

    /// <summary>"Cancel the call with this id" (the caller's cancellation token fired).</summary>
    Cancel = 6,

    /// <summary>
    /// A client's answer to <see cref="ShuttingDown"/>: it sends nothing more on this connection. Because frames of
    /// one connection arrive in order, every request the client sent before arrives before this.
    /// </summary>
    ShuttingDownAcknowledged = 7,
}
