using System.Runtime.ExceptionServices;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Invocation;

/// <summary>Walks the filter chain for one call; created only when filters exist.</summary>
internal sealed class IncomingGrainCallContext : IIncomingGrainCallContext
{
    private readonly IIncomingGrainCallFilter[] _filters;
    private readonly IIncomingGrainCallFilter? _grainFilter;
    private int _next;

    public IncomingGrainCallContext(object grain, GrainId targetId, RequestBase request, IIncomingGrainCallFilter[] filters)
    {
        Grain = grain;
        TargetId = targetId;
        Request = request;
        _filters = filters;
        _grainFilter = grain as IIncomingGrainCallFilter;
    }

    public object Grain { get; }

    public GrainId TargetId { get; }

    public MethodDescriptor Method => Request.Method;

    public RequestBase Request { get; }

    public object? Result => Request.GetResult();

    public Task Invoke()
    {
        var index = _next++;
        if (index < _filters.Length)
        {
            return _filters[index].Invoke(this);
        }

        if (index == _filters.Length && _grainFilter is not null)
        {
            return _grainFilter.Invoke(this);
        }

        return InvokeGrainAsync();
    }

    /// <summary>Runs the chain and records a filter's exception as the call's outcome.</summary>
    public async ValueTask RunAsync()
    {
        try
        {
            await Invoke();
        }
        catch (Exception exception)
        {
            Request.Exception = exception;
        }
    }

    private async Task InvokeGrainAsync()
    {
        await Request.InvokeAsync(Grain);
        if (Request.Exception is { } exception)
        {
            // Let the filters see the grain's exception as a throw, like any awaited call; it becomes the
            // call's outcome again only if it propagates out of the outermost filter.
            Request.Exception = null;
            ExceptionDispatchInfo.Capture(exception).Throw();
        }
    }
}
