using System.Collections.Concurrent;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Requests from remote callers whose method takes a cancellation token: the token the grain sees fires when the
/// caller sends a Cancel frame, or when the caller's connection dies.
/// </summary>
internal sealed class RemoteCancellations
{
    private readonly ConcurrentDictionary<(Connection Connection, long CallId), Message> _requests = new();

    public void Register(Connection connection, Message message)
    {
        var cancellation = new CancellationTokenSource();
        message.RemoteCancellation = cancellation;
        message.Request.CancellationToken = cancellation.Token;
        _requests[(connection, message.ReplyId)] = message;
    }

    public void Remove(Message message)
    {
        if (message.ReplyConnection is { } connection)
        {
            _requests.TryRemove((connection, message.ReplyId), out _);
        }
    }

    public void Cancel(Connection connection, long callId)
    {
        if (_requests.TryRemove((connection, callId), out var message))
        {
            TryCancel(message);
        }
    }

    public void CancelAll(Connection connection)
    {
        foreach (var key in _requests.Keys)
        {
            if (key.Connection == connection && _requests.TryRemove(key, out var message))
            {
                TryCancel(message);
            }
        }
    }

    private static void TryCancel(Message message)
    {
        try
        {
            message.RemoteCancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call completed at the same moment.
        }
    }
}
