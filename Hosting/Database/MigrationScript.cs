namespace OrleansBackend.Hosting.Database;

/// <summary>One versioned schema change, applied once per database in version order.</summary>
/// <param name="Version">Its number (the file name's prefix).</param>
/// <param name="Name">The file name without its extension, e.g. <c>0002_grain_state</c>.</param>
/// <param name="Sql">The statements.</param>
public sealed record MigrationScript(int Version, string Name, string Sql);
