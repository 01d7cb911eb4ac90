namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// Which database holds the default grain storage and the reminders (configuration section <c>Storage</c>), read
/// by <see cref="Hosting.ConfiguredStorageSiloBuilderExtensions.UseConfiguredStorage"/>.
/// </summary>
public sealed class StorageSelectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c>, <c>postgres</c> or <c>memory</c> (case-insensitive).</summary>
    public string? Provider { get; set; }

    /// <summary>A PostgreSQL connection string, or a SQLite file path or connection string.</summary>
    public string? ConnectionString { get; set; }
}
