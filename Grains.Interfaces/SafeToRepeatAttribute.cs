namespace OrleansBackend.Grains.Interfaces;

/// <summary>
/// Marks a grain method that a caller may call again when it got no answer: a second call has no further effect (it is
/// keyed by an idempotency key or a request fingerprint) and answers as the first did. The cluster client retries such
/// a call, and any <c>[ReadOnly]</c> one, once when its answer timed out.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SafeToRepeatAttribute : Attribute;
