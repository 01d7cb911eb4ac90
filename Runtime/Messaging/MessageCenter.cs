using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Activation;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Routes messages inside a silo: requests to the activation of their target grain (creating it on first use),
/// responses back to the pending call that waits for them.
/// </summary>
internal sealed class MessageCenter
{
    private readonly ActivationCatalog _catalog;
    private readonly PendingCallTable _pendingCalls;
    private readonly ILogger<MessageCenter> _logger;

    public MessageCenter(ActivationCatalog catalog, PendingCallTable pendingCalls, ILogger<MessageCenter> logger)
    {
        _catalog = catalog;
        _pendingCalls = pendingCalls;
        _logger = logger;
    }

    /// <summary>Delivers a request to its target's activation.</summary>
    public void SendRequest(Message message)
    {
        var activation = _catalog.GetOrCreate(message.Target, out var error);
        if (activation is null)
        {
            FailRequest(message, new InvalidOperationException(error));
            return;
        }

        activation.ReceiveMessage(message);
    }

    /// <summary>Re-routes a request whose activation went away before it ran.</summary>
    public void Redispatch(Message message) => SendRequest(message);

    /// <summary>Completes the caller of a request with the request's captured result or exception.</summary>
    public void SendResponse(Message message)
    {
        if (message.Completion is { } completion && _pendingCalls.TryRemove(message.Id, out _))
        {
            message.CancellationRegistration.Dispose();
            message.Request.CompleteLocal(completion);
        }
    }

    /// <summary>Fails a request without running it.</summary>
    public void FailRequest(Message message, Exception exception)
    {
        if (message.Kind != MessageKind.Request)
        {
            _logger.LogWarning(exception, "Dropped {Message}", message);
            return;
        }

        message.Request.Exception = exception;
        SendResponse(message);
    }
}
