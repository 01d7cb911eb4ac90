namespace OrleansBackend.Runtime.Activation;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None,

    /// <summary>The grain asked for it (<c>DeactivateOnIdle</c>).</summary>
    ApplicationRequested,

    /// <summary>The activation was idle longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A write found newer state in storage.</summary>
    InconsistentState,

    /// <summary>Membership changed and another silo now owns the grain.</summary>
    PlacementChanged,
}

/// <summary>Why an activation is being deactivated, with a human-readable description.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Description">Details for logs.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);
