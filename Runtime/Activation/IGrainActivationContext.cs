using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Activation;

/// <summary>What a grain's generated activator may ask for while constructing the grain.</summary>
public interface IGrainActivationContext
{
    /// <summary>The id of the grain being activated.</summary>
    GrainId GrainId { get; }

    /// <summary>The silo's services.</summary>
    IServiceProvider Services { get; }

    /// <summary>Resolves a constructor dependency from the silo's services.</summary>
    T GetRequiredService<T>()
        where T : notnull;

    /// <summary>Creates the persistent state for a <c>[PersistentState]</c> constructor parameter.</summary>
    IPersistentState<T> GetPersistentState<T>(string stateName, string? storageName);
}
