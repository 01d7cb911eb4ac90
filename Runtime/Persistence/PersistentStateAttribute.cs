namespace OrleansBackend.Runtime.Persistence;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="stateName">The state's name, unique within the grain class.</param>
    /// <param name="storageName">The registered storage provider; the default one when omitted.</param>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        StateName = stateName;
        StorageName = storageName;
    }

    /// <summary>The state's name.</summary>
    public string StateName { get; }

    /// <summary>The storage provider's name.</summary>
    public string? StorageName { get; }
}
