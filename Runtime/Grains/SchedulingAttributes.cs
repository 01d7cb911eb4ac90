namespace OrleansBackend.Runtime.Grains;

/// <summary>
/// Lets every request to this grain class interleave with others at await points: the grain takes care of
/// its own consistency across awaits.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}

/// <summary>Lets this interface method interleave with any other request of the grain.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}

/// <summary>
/// Marks a method that does not change the grain's state: read-only requests may run together, but never
/// alongside a request that changes state.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute
{
}

/// <summary>A one-way call: the caller does not wait for the grain and gets no result or exception.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class OneWayAttribute : Attribute
{
}
