namespace OrleansBackend.Runtime.Grains;

/// <summary>
/// Marks an interface whose methods can be called on any grain id, whatever the grain's class: the activation
/// serves them with its extension object for that interface (created on first use from the factory registered with
/// <c>AddGrainExtension</c>) instead of the grain instance. Calls run as turns of the grain, under its turn rules,
/// so an extension may call into grain code (stream deliveries do).
/// </summary>
public interface IGrainExtension : IGrain
{
}
