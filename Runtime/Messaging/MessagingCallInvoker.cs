using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Scheduling;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Sends the calls made through grain references (on a silo or a client): wraps each request in a message,
/// registers it as pending (for the response and the timeout) and hands it to the process's router.
/// </summary>
internal sealed class MessagingCallInvoker : GrainCallInvoker
{
    private readonly IMessageRouter _router;
    private readonly PendingCallTable _pendingCalls;
    private readonly TimeProvider _timeProvider;
    private readonly long _timeoutTicks;

    public MessagingCallInvoker(IMessageRouter router, PendingCallTable pendingCalls, TimeProvider timeProvider, IOptions<MessagingOptions> options)
    {
        _router = router;
        _pendingCalls = pendingCalls;
        _timeProvider = timeProvider;
        _timeoutTicks = (long)(options.Value.ResponseTimeout.TotalSeconds * timeProvider.TimestampFrequency);
    }

    internal override Task<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        var cancellationToken = request.CancellationToken;
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var completion = new ResponseCompletionSource<TResult>();
        var caller = RuntimeContext.CurrentRequest;
        var message = new Message
        {
            Id = IdGenerator.NextCallId(),
            Kind = MessageKind.Request,
            Target = target.GrainId,
            CallChainId = caller?.CallChainId ?? IdGenerator.NextChainId(),
            Request = request,
            Completion = completion,
            Deadline = _timeProvider.GetTimestamp() + _timeoutTicks,
        };
        var span = GrainCallTracing.OnSending(message, caller);
        _pendingCalls.Add(message);
        if (cancellationToken.CanBeCanceled)
        {
            message.CancellationRegistration = cancellationToken.UnsafeRegister(
                static (state, token) => ((MessagingCallInvoker)((object[])state!)[0]).Cancel((Message)((object[])state)[1], token),
                new object[] { this, message });
        }

        _router.SendRequest(message);
        return span is null ? completion.Task : GrainCallTracing.EndWhenCompleted(completion.Task, span);
    }

    internal override void InvokeOneWay(GrainReference target, RequestBase request)
    {
        var caller = RuntimeContext.CurrentRequest;
        var message = new Message
        {
            Id = IdGenerator.NextCallId(),
            Kind = MessageKind.OneWay,
            Target = target.GrainId,
            CallChainId = caller?.CallChainId ?? IdGenerator.NextChainId(),
            Request = request,
        };
        GrainCallTracing.OnSending(message, caller);
        _router.SendRequest(message);
    }

    private void Cancel(Message message, CancellationToken token)
    {
        if (_pendingCalls.TryRemove(message.Id, out _))
        {
            message.Completion!.TrySetCanceled(token);
            if (message.SentOn is { } connection)
            {
                // Tell the silo running the call, so the grain's token fires too.
                connection.TrySend(new Transport.OutboundItem(Transport.FrameType.Cancel, message.Id));
            }
        }
    }
}
