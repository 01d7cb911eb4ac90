using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Scheduling;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Sends the calls made through grain references on a silo: wraps each request in a message, registers it as
/// pending (for the response and the timeout) and hands it to the message center.
/// </summary>
internal sealed class SiloCallInvoker : GrainCallInvoker
{
    private readonly MessageCenter _messageCenter;
    private readonly PendingCallTable _pendingCalls;
    private readonly TimeProvider _timeProvider;
    private readonly long _timeoutTicks;

    public SiloCallInvoker(MessageCenter messageCenter, PendingCallTable pendingCalls, TimeProvider timeProvider, IOptions<MessagingOptions> options)
    {
        _messageCenter = messageCenter;
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
        var message = new Message
        {
            Id = IdGenerator.NextCallId(),
            Kind = MessageKind.Request,
            Target = target.GrainId,
            CallChainId = RuntimeContext.CurrentRequest?.CallChainId ?? IdGenerator.NextChainId(),
            Request = request,
            Completion = completion,
            Deadline = _timeProvider.GetTimestamp() + _timeoutTicks,
        };
        _pendingCalls.Add(message);
        if (cancellationToken.CanBeCanceled)
        {
            message.CancellationRegistration = cancellationToken.UnsafeRegister(
                static (state, token) => ((SiloCallInvoker)((object[])state!)[0]).Cancel((Message)((object[])state)[1], token),
                new object[] { this, message });
        }

        _messageCenter.SendRequest(message);
        return completion.Task;
    }

    internal override void InvokeOneWay(GrainReference target, RequestBase request) =>
        _messageCenter.SendRequest(new Message
        {
            Id = IdGenerator.NextCallId(),
            Kind = MessageKind.OneWay,
            Target = target.GrainId,
            CallChainId = RuntimeContext.CurrentRequest?.CallChainId ?? IdGenerator.NextChainId(),
            Request = request,
        });

    private void Cancel(Message message, CancellationToken token)
    {
        if (_pendingCalls.TryRemove(message.Id, out _))
        {
            message.Completion!.TrySetCanceled(token);
        }
    }
}
