namespace OrleansBackend.Runtime.Activation;

/// <summary>Where an activation is in its life.</summary>
internal enum ActivationState
{
    /// <summary>Constructing the grain, loading state and running OnActivateAsync; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; requests wait and are re-routed afterwards.</summary>
    Deactivating,

    /// <summary>Gone; anything that still reaches it is re-routed.</summary>
    Invalid,
}
