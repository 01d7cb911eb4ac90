namespace OrleansBackend.Runtime.Streams;

/// <summary>
/// Subscribes a grain class implicitly to every stream of a namespace: the grain whose key equals a stream's key
/// receives that stream's events without subscribing. The grain attaches its handler in <c>OnActivateAsync</c>
/// (<c>SubscribeAsync</c> on the stream); an event for a grain that attached none fails, is retried, and is
/// finally parked as a dead letter.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public ImplicitStreamSubscriptionAttribute(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        Namespace = @namespace;
    }

    /// <summary>The stream namespace.</summary>
    public string Namespace { get; }
}
