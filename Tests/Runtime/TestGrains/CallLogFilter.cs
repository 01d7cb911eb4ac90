using System.Collections.Concurrent;
using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Tests.Runtime.TestGrains;

/// <summary>Records every call it sees and refuses calls whose first argument is "forbidden".</summary>
public sealed class CallLogFilter : IIncomingGrainCallFilter
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.ArgumentCount > 0 && Equals(context.Request.GetArgument(0), "forbidden"))
        {
            throw new UnauthorizedAccessException($"{context.Method} refused by filter");
        }

        await context.Invoke();
        Calls.Enqueue($"{context.Method}={context.Result}");
    }
}
