using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Invocation;

/// <summary>
/// One call of a grain interface method: its arguments, and after invocation its result or exception.
/// Generated code derives one sealed class per method from <see cref="Request{TResult}"/>; the runtime
/// invokes it on the target grain without reflection.
/// </summary>
public abstract class RequestBase
{
    /// <summary>The method this request calls.</summary>
    public abstract MethodDescriptor Method { get; }

    /// <summary>The number of arguments (excluding a cancellation token).</summary>
    public abstract int ArgumentCount { get; }

    /// <summary>An argument, boxed (for call filters; not used on the fast path).</summary>
    public abstract object? GetArgument(int index);

    /// <summary>Writes the arguments as fields 0, 1, 2 …</summary>
    public abstract void WriteArguments(ref ValueWriter writer);

    /// <summary>Reads the arguments; unknown fields are skipped and missing ones keep their defaults.</summary>
    public abstract void ReadArguments(ref ValueReader reader);

    /// <summary>The method's cancellation token argument, if it has one.</summary>
    public virtual CancellationToken CancellationToken
    {
        get => default;
        set
        {
        }
    }

    /// <summary>The exception the call ended with, once it has run.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>The result, boxed, once the call has run (for call filters).</summary>
    public abstract object? GetResult();

    /// <summary>Runs the method on <paramref name="grain"/>, capturing its result or exception.</summary>
    internal abstract ValueTask InvokeAsync(object grain);

    /// <summary>Completes a caller in this process with the captured result or exception.</summary>
    internal abstract void CompleteLocal(IResponseCompletion completion);

    /// <summary>Writes the captured result (field 0) or exception (field 1).</summary>
    internal abstract void WriteResponse(ref ValueWriter writer);

    /// <summary>Reads a response written by <see cref="WriteResponse"/> into this request (result or exception).</summary>
    internal abstract void ReadResponse(ref ValueReader reader);

    /// <summary>Reads a response written by <see cref="WriteResponse"/> and completes the caller with it.</summary>
    internal void CompleteFromResponse(ref ValueReader reader, IResponseCompletion completion)
    {
        ReadResponse(ref reader);
        CompleteLocal(completion);
    }
}
