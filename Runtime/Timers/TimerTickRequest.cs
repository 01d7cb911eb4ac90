using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Timers;

/// <summary>A timer tick dressed as a request, so it goes through the same turn rules as calls.</summary>
internal sealed class TimerTickRequest : RequestBase
{
    private static readonly MethodDescriptor TickMethod = new(typeof(IGrainTimer), "Tick", 0, 0, InvokeMethodOptions.None);
    private static readonly MethodDescriptor InterleavedTickMethod = new(typeof(IGrainTimer), "Tick", 0, 0, InvokeMethodOptions.AlwaysInterleave);

    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly MethodDescriptor _method;

    public TimerTickRequest(GrainTimer timer, Func<object?, CancellationToken, Task> callback, object? state, bool interleave)
    {
        Timer = timer;
        _callback = callback;
        _state = state;
        _method = interleave ? InterleavedTickMethod : TickMethod;
    }

    public GrainTimer Timer { get; }

    public override MethodDescriptor Method => _method;

    public override int ArgumentCount => 0;

    public override object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    public override object? GetResult() => null;

    public override void WriteArguments(ref ValueWriter writer)
    {
    }

    public override void ReadArguments(ref ValueReader reader)
    {
    }

    public void Cancel() => _cancellation.Cancel();

    internal override ValueTask InvokeAsync(object grain)
    {
        Task task;
        try
        {
            task = _callback(_state, _cancellation.Token);
        }
        catch (Exception exception)
        {
            Exception = exception;
            return default;
        }

        return task.IsCompletedSuccessfully ? default : AwaitAsync(task);
    }

    internal override void CompleteLocal(IResponseCompletion completion) => throw new NotSupportedException("Timer ticks have no caller.");

    internal override void WriteResponse(ref ValueWriter writer) => throw new NotSupportedException("Timer ticks have no caller.");

    internal override void ReadResponse(ref ValueReader reader) => throw new NotSupportedException("Timer ticks have no caller.");

    private async ValueTask AwaitAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            Exception = exception;
        }
    }
}
