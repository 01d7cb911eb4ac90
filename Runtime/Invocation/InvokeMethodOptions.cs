namespace OrleansBackend.Runtime.Invocation;

/// <summary>Scheduling options of an interface method, taken from its attributes at build time.</summary>
[Flags]
public enum InvokeMethodOptions
{
    /// <summary>An ordinary request: one turn at a time.</summary>
    None = 0,

    /// <summary>[AlwaysInterleave]: may run alongside any other request.</summary>
    AlwaysInterleave = 1,

    /// <summary>[ReadOnly]: may run alongside other read-only requests.</summary>
    ReadOnly = 2,

    /// <summary>[OneWay]: the caller does not wait for a response.</summary>
    OneWay = 4,

    /// <summary>The method takes a CancellationToken, so a remote caller's cancellation must reach it.</summary>
    HasCancellationToken = 8,

    /// <summary>
    /// A method of an <see cref="Grains.IGrainExtension"/>: served by the activation's extension object for that
    /// interface instead of the grain instance, in the grain's turns.
    /// </summary>
    Extension = 16,
}
