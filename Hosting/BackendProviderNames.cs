namespace OrleansBackend.Hosting;

/// <summary>The names of the grain storages and stream providers a silo was configured with (read from its services).</summary>
/// <param name="GrainStorages">Keys of the registered grain storages.</param>
/// <param name="StreamProviders">Keys of the registered stream providers.</param>
public sealed record BackendProviderNames(IReadOnlyList<string> GrainStorages, IReadOnlyList<string> StreamProviders);
