using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Runtime.Grains;

/// <summary>
/// The base of every generated grain reference: a grain id and the invoker that sends its calls. References are
/// cheap, immutable and safe to share; two references to one grain are equal.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly GrainCallInvoker _invoker;

    /// <summary>Creates the reference (called by generated code).</summary>
    protected GrainReference(GrainId grainId, GrainCallInvoker invoker)
    {
        GrainId = grainId;
        _invoker = invoker;
    }

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId { get; }

    /// <summary>Sends a request and returns the task of its response (called by generated code).</summary>
    protected Task<TResult> InvokeAsync<TResult>(Request<TResult> request) => _invoker.InvokeAsync(this, request);

    /// <summary>Sends a request without waiting for a response (called by generated code for [OneWay] methods).</summary>
    protected void InvokeOneWay(RequestBase request) => _invoker.InvokeOneWay(this, request);

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
