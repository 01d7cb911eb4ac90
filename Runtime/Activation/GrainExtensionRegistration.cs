namespace OrleansBackend.Runtime.Activation;

/// <summary>How a silo creates the extension object that serves <see cref="InterfaceType"/> on an activation.</summary>
internal sealed record GrainExtensionRegistration(Type InterfaceType, Func<IGrainActivationContext, object> Create);
