using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Invocation;

/// <summary>
/// Sends the calls made through grain references: a silo's runtime, or a cluster client. Only the runtime
/// derives from it; generated references just hold one.
/// </summary>
public abstract class GrainCallInvoker
{
    private protected GrainCallInvoker()
    {
    }

    internal abstract Task<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request);

    internal abstract void InvokeOneWay(GrainReference target, RequestBase request);
}
