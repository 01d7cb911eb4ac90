using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Invocation;

/// <summary>A request whose method returns <typeparamref name="TResult"/> (<see cref="VoidResult"/> for none).</summary>
public abstract class Request<TResult> : RequestBase
{
    private TResult? _result;

    /// <summary>Calls the interface method on the grain (generated).</summary>
    protected abstract ValueTask<TResult> InvokeMethod(object grain);

    /// <summary>Writes a result value (generated).</summary>
    protected abstract void WriteResult(ref ValueWriter writer, uint fieldId, TResult value);

    /// <summary>Reads a result value (generated).</summary>
    protected abstract TResult ReadResult(ref ValueReader reader, WireType wireType);

    /// <inheritdoc />
    public override object? GetResult() => _result;

    /// <summary>Adapts a Task-returning method (generated code calls this).</summary>
    protected static ValueTask<VoidResult> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : AwaitTask(task);

    /// <summary>Adapts a ValueTask-returning method (generated code calls this).</summary>
    protected static ValueTask<VoidResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitValueTask(task);

    internal override ValueTask InvokeAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeMethod(grain);
        }
        catch (Exception exception)
        {
            Exception = exception;
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            _result = pending.Result;
            return default;
        }

        return AwaitResultAsync(pending);
    }

    internal override void CompleteLocal(IResponseCompletion completion)
    {
        var typed = (ResponseCompletionSource<TResult>)completion;
        if (Exception is { } exception)
        {
            typed.TrySetException(exception);
        }
        else
        {
            typed.TrySetResult(_result!);
        }
    }

    internal override void WriteResponse(ref ValueWriter writer)
    {
        if (Exception is { } exception)
        {
            ExceptionCodec.Write(ref writer, 1, exception);
        }
        else
        {
            WriteResult(ref writer, 0, _result!);
        }
    }

    internal override void ReadResponse(ref ValueReader reader)
    {
        while (reader.TryReadField(out var id, out var wireType))
        {
            switch (id)
            {
                case 0:
                    _result = ReadResult(ref reader, wireType);
                    break;
                case 1:
                    Exception = ExceptionCodec.Read(ref reader, wireType);
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }
    }

    private static async ValueTask<VoidResult> AwaitTask(Task task)
    {
        await task;
        return default;
    }

    private static async ValueTask<VoidResult> AwaitValueTask(ValueTask task)
    {
        await task;
        return default;
    }

    private async ValueTask AwaitResultAsync(ValueTask<TResult> pending)
    {
        try
        {
            _result = await pending;
        }
        catch (Exception exception)
        {
            Exception = exception;
        }
    }
}
