namespace OrleansBackend.Grains.Hosting;

/// <summary>The grain storages the backend's grains use (configuration <c>Orleans:GrainStorage:&lt;name&gt;</c>).</summary>
public static class StorageNames
{
    /// <summary>Every grain's state: PostgreSQL in a cluster, SQLite in the embedded mode.</summary>
    public const string Default = "Default";
}
