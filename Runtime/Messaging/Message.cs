using System.Diagnostics;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// One call in flight: the envelope (target, ids, deadline) around a request. Within a silo the same object
/// travels from caller to activation and back; across silos it is serialized. Fields rather than properties:
/// this is the hottest object in the runtime.
/// </summary>
internal sealed class Message
{
    /// <summary>Correlates the response with the pending call (unique within the sending process).</summary>
    public long Id;

    public MessageKind Kind;

    public GrainId Target;

    /// <summary>Identifies the causal chain of calls this message belongs to; a chain may re-enter an activation.</summary>
    public long CallChainId;

    public RequestBase Request = null!;

    /// <summary>The caller's completion when the caller is in this process.</summary>
    public IResponseCompletion? Completion;

    /// <summary>When the caller gives up (a <see cref="TimeProvider"/> timestamp).</summary>
    public long Deadline;

    public CancellationTokenRegistration CancellationRegistration;

    /// <summary>Position in the activation's running list (bookkeeping of the activation).</summary>
    public int RunningIndex;

    /// <summary>When the invocation started, for call-duration metrics (0 when not measured).</summary>
    public long StartTimestamp;

    /// <summary>Completion callback of an invocation that went asynchronous; created on first need.</summary>
    public Action? InvocationCallback;

    /// <summary>The silo the message was last sent to (null while it is local).</summary>
    public SiloAddress? TargetSilo;

    /// <summary>The connection the message was written to; a call sent on a connection that dies fails fast.</summary>
    public Connection? SentOn;

    /// <summary>Where the response goes when the caller is remote: the connection the request came in on …</summary>
    public Connection? ReplyConnection;

    /// <summary>… and the caller's id for the call.</summary>
    public long ReplyId;

    /// <summary>How many silos passed the request on because they did not own the target.</summary>
    public int ForwardCount;

    /// <summary>True while this silo passed the request on and still owes the caller the relayed answer.</summary>
    public bool IsRelay;

    /// <summary>W3C trace context of the caller, carried so one request is one trace across silos.</summary>
    public string? TraceParent;

    /// <summary>The server span of the request while it runs here (tracing on only).</summary>
    public Activity? ServerActivity;

    /// <summary>Cancels a remote caller's request when its Cancel frame arrives.</summary>
    public CancellationTokenSource? RemoteCancellation;

    public bool IsReadOnly => Request.Method.IsReadOnly;

    public bool IsAlwaysInterleave => Request.Method.IsAlwaysInterleave;

    public override string ToString() => $"{Kind} #{Id} {Request?.Method} to {Target}";
}
