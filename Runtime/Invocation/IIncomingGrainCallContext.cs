using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Invocation;

/// <summary>What a call filter sees of the call it wraps.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain instance being called.</summary>
    object Grain { get; }

    /// <summary>The id of the grain being called.</summary>
    GrainId TargetId { get; }

    /// <summary>The interface method being called.</summary>
    MethodDescriptor Method { get; }

    /// <summary>The request, with its arguments.</summary>
    RequestBase Request { get; }

    /// <summary>The result, boxed, after <see cref="Invoke"/> completed.</summary>
    object? Result { get; }

    /// <summary>Runs the next filter, or the grain method itself after the last filter.</summary>
    Task Invoke();
}
