namespace OrleansBackend.Runtime.Invocation;

/// <summary>The caller's side of a pending call, failed without knowing its result type.</summary>
public interface IResponseCompletion
{
    /// <summary>Fails the call.</summary>
    bool TrySetException(Exception exception);

    /// <summary>Cancels the call.</summary>
    bool TrySetCanceled(CancellationToken cancellationToken);
}

/// <summary>The task a caller awaits; completed by the runtime when the response arrives.</summary>
/// <remarks>
/// Continuations run synchronously on the completing thread; the runtime always completes responses with no
/// activation context installed, so a caller never resumes inside another grain's turn.
/// </remarks>
internal sealed class ResponseCompletionSource<TResult> : TaskCompletionSource<TResult>, IResponseCompletion
{
}
