namespace OrleansBackend.Runtime.Persistence;

/// <summary>Well-known grain storage names.</summary>
public static class GrainStorageNames
{
    /// <summary>The storage used by <c>[PersistentState]</c> parameters that name none.</summary>
    public const string Default = "Default";
}
