namespace OrleansBackend.Runtime.Messaging;

/// <summary>Where a process sends the requests its grain references make, and how it fails a pending call.</summary>
internal interface IMessageRouter
{
    /// <summary>Routes a request to the activation of its target, wherever that is.</summary>
    void SendRequest(Message message);

    /// <summary>Completes a pending call's caller (local or remote) with an exception.</summary>
    void FailPendingCall(Message message, Exception exception);
}
