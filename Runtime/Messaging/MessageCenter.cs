using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging.Transport;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Routes a silo's messages. A request goes to the activation of its grain when this silo owns the grain, and to
/// the owning silo otherwise (a silo that receives a request it does not own passes it on, a bounded number of
/// times, relaying the response back). Responses go to the waiting caller: a task in this process, or the
/// connection the request came in on.
/// </summary>
internal sealed class MessageCenter : IMessageRouter, ITransportHandler
{
    private readonly ActivationCatalog _catalog;
    private readonly PendingCallTable _pendingCalls;
    private readonly GrainManifest _manifest;
    private readonly IServiceProvider _services;
    private ISerializationContext? _serializationContext;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MessageCenter> _logger;
    private readonly GrainPlacement? _placement;
    private readonly SiloConnectionManager? _connections;
    private readonly LocalSiloDetails? _local;
    private readonly RemoteCancellations _remoteCancellations = new();
    private readonly GrainTypeNames _grainTypes;
    private readonly int _maxForwardCount;

    public MessageCenter(
        ActivationCatalog catalog,
        PendingCallTable pendingCalls,
        GrainManifest manifest,
        TimeProvider timeProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<MessageCenter> logger,
        IServiceProvider services)
    {
        _catalog = catalog;
        _pendingCalls = pendingCalls;
        _manifest = manifest;
        _services = services;
        _timeProvider = timeProvider;
        _logger = logger;
        _grainTypes = new GrainTypeNames(manifest.GrainClasses.Keys);
        _maxForwardCount = clusterOptions.Value.MaxForwardCount;
        _connections = services.GetService<SiloConnectionManager>();
        if (_connections is not null)
        {
            _placement = services.GetRequiredService<GrainPlacement>();
            _local = services.GetRequiredService<LocalSiloDetails>();
            _connections.Handler = this;
        }
    }

    /// <summary>Routes a request made in this process (or re-routes one that could not be delivered).</summary>
    // Resolved on first use: the grain factory depends on the invoker, which depends on this router.
    private ISerializationContext SerializationContext => _serializationContext ??= _services.GetRequiredService<GrainFactory>();

    public void SendRequest(Message message)
    {
        if (_placement is not null && _placement.GetOwner(message.Target) is { } owner && owner != _local!.Address)
        {
            message.TargetSilo = owner;
            _connections!.Send(owner, message);
            return;
        }

        DeliverLocally(message);
    }

    /// <summary>Re-routes a request whose activation went away before it ran.</summary>
    public void Redispatch(Message message) => SendRequest(message);

    /// <summary>Completes the caller of a request with the request's captured result or exception.</summary>
    public void SendResponse(Message message)
    {
        if (message.RemoteCancellation is { } cancellation)
        {
            _remoteCancellations.Remove(message);
            cancellation.Dispose();
        }

        if (message.Completion is { } completion)
        {
            if (_pendingCalls.TryRemove(message.Id, out _))
            {
                message.CancellationRegistration.Dispose();
                message.Request.CompleteLocal(completion);
            }

            return;
        }

        if (message.ReplyConnection is { } connection && message.Kind == MessageKind.Request)
        {
            message.Kind = MessageKind.Response;
            if (!connection.TrySend(new OutboundItem(message)))
            {
                _ = ReplyWhenRoomAsync(connection, message);
            }
        }
    }

    public void FailPendingCall(Message message, Exception exception)
    {
        message.CancellationRegistration.Dispose();
        if (message.Completion is { } completion)
        {
            completion.TrySetException(exception);
        }
        else
        {
            message.Request.Exception = exception;
            SendResponse(message);
        }
    }

    /// <summary>Fails a request without running it.</summary>
    public void FailRequest(Message message, Exception exception)
    {
        if (message.Kind == MessageKind.OneWay)
        {
            _logger.LogWarning(exception, "Dropped {Message}", message);
            return;
        }

        message.Request.Exception = exception;
        SendResponse(message);
    }

    public void OnMessage(Connection connection, ReadOnlySpan<byte> payload)
    {
        var reader = new ValueReader(payload, SerializationContext);
        MessageHeader header;
        try
        {
            header = MessageCodec.ReadHeader(ref reader, _grainTypes);
        }
        catch (SerializationException exception)
        {
            _logger.LogWarning(exception, "Unreadable message from {Peer}", connection);
            return;
        }

        if (header.Kind == MessageKind.Response)
        {
            OnResponse(connection, ref reader, header);
        }
        else if (header.Kind is MessageKind.Request or MessageKind.OneWay)
        {
            OnRequest(connection, ref reader, header);
        }
    }

    public void OnConnectionLost(Connection connection, List<Message> unsent)
    {
        var lost = _pendingCalls.RemoveWhere(static (message, c) => message.SentOn == c, connection);
        foreach (var message in lost)
        {
            FailPendingCall(message, new SiloUnavailableException(
                $"The connection to {connection} was lost while {message.Request.Method} on {message.Target} was in flight; it may or may not have run."));
        }

        _remoteCancellations.CancelAll(connection);
        Reroute(unsent);
    }

    public void Reroute(List<Message> messages)
    {
        foreach (var message in messages)
        {
            if (message.Kind == MessageKind.Response)
            {
                continue;
            }

            message.SentOn = null;
            if (message.Kind == MessageKind.Request && !_pendingCalls.Contains(message.Id))
            {
                continue;
            }

            SendRequest(message);
        }
    }

    public void FailUndeliverable(List<Message> messages, Exception exception)
    {
        foreach (var message in messages)
        {
            if (message.Kind != MessageKind.Request || _pendingCalls.TryRemove(message.Id, out _))
            {
                FailPendingCall(message, exception);
            }
        }
    }

    public void OnSerializationFailed(Connection connection, Message message, Exception exception)
    {
        if (message.Kind == MessageKind.Response)
        {
            // Answer with the serialization error instead of a result nobody can read.
            message.Kind = MessageKind.Request;
            message.Request.Exception = new SerializationException($"The result of {message.Request.Method} could not be serialized: {exception.Message}");
            SendResponse(message);
        }
        else if (_pendingCalls.TryRemove(message.Id, out _))
        {
            FailPendingCall(message, new SerializationException($"The arguments of {message.Request.Method} could not be serialized: {exception.Message}"));
        }
    }

    public void OnCancel(Connection connection, long callId) => _remoteCancellations.Cancel(connection, callId);

    private void DeliverLocally(Message message)
    {
        var activation = _catalog.GetOrCreate(message.Target, out var error);
        if (activation is null)
        {
            FailRequest(message, new InvalidOperationException(error));
            return;
        }

        activation.ReceiveMessage(message);
    }

    private void OnRequest(Connection connection, ref ValueReader reader, MessageHeader header)
    {
        var request = _manifest.CreateRequest(header.InterfaceId, header.MethodId);
        var message = new Message
        {
            Id = IdGenerator.NextCallId(),
            Kind = header.Kind,
            CallChainId = header.CallChainId,
            ReplyConnection = connection,
            ReplyId = header.Id,
            ForwardCount = header.ForwardCount,
            TraceParent = header.TraceParent,
            Deadline = _timeProvider.GetTimestamp() + (header.TimeoutMilliseconds * _timeProvider.TimestampFrequency / 1000),
        };
        if (request is null || header.TargetType is null || header.TargetKey is null || !header.HasBody)
        {
            _logger.LogWarning("Request {Interface:X8}/{Method:X8} from {Peer} names no method this silo knows", header.InterfaceId, header.MethodId, connection);
            message.Request = new UnknownMethodRequest(header.InterfaceId, header.MethodId);
            FailRequest(message, new NotSupportedException($"This silo has no grain method {header.InterfaceId:X8}/{header.MethodId:X8}; are the silos running different versions?"));
            return;
        }

        message.Target = new GrainId(header.TargetType, header.TargetKey);
        message.Request = request;
        try
        {
            request.ReadArguments(ref reader);
            reader.LeaveObject();
        }
        catch (SerializationException exception)
        {
            FailRequest(message, exception);
            return;
        }

        if (header.Kind == MessageKind.Request && request.Method.HasCancellationToken)
        {
            _remoteCancellations.Register(connection, message);
        }

        RouteIncoming(message);
    }

    private void RouteIncoming(Message message)
    {
        if (_placement!.GetOwner(message.Target) is { } owner && owner != _local!.Address
            && (message.ForwardCount < _maxForwardCount || _catalog.IsShuttingDown))
        {
            // Not ours (membership moved it, or the caller's view is behind): pass it on and relay the answer.
            message.ForwardCount++;
            message.TargetSilo = owner;
            if (message.Kind == MessageKind.Request)
            {
                _pendingCalls.Add(message);
            }

            _connections!.Send(owner, message);
            return;
        }

        DeliverLocally(message);
    }

    private void OnResponse(Connection connection, ref ValueReader reader, MessageHeader header)
    {
        if (!_pendingCalls.TryRemove(header.Id, out var pending) || !header.HasBody)
        {
            return;
        }

        pending.CancellationRegistration.Dispose();
        try
        {
            if (pending.Completion is { } completion)
            {
                pending.Request.CompleteFromResponse(ref reader, completion);
                return;
            }

            // A forwarded request: relay the answer to whoever asked us.
            pending.Request.ReadResponse(ref reader);
        }
        catch (SerializationException exception)
        {
            _logger.LogWarning(exception, "Unreadable response from {Peer} for {Message}", connection, pending);
            FailPendingCall(pending, exception);
            return;
        }

        SendResponse(pending);
    }

    private async Task ReplyWhenRoomAsync(Connection connection, Message response)
    {
        try
        {
            await connection.SendAsync(new OutboundItem(response), CancellationToken.None);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The caller's connection is gone; it fails the call on its side.
        }
    }
}
