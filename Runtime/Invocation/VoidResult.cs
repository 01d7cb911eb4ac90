namespace OrleansBackend.Runtime.Invocation;

/// <summary>The result type of methods that return a plain Task or ValueTask.</summary>
public readonly struct VoidResult
{
}
