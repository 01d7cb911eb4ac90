namespace OrleansBackend.Runtime.Streams;

/// <summary>A stream provider registered on a silo, so its agents run there.</summary>
internal sealed record StreamProviderRegistration(string Name);
