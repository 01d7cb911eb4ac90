namespace OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;

/// <summary>
/// Grain storage (and reminders) in a SQLite file — the embedded default. Bound from configuration section
/// <c>GrainStorage:&lt;name&gt;</c> (<c>Reminders:Storage</c> for the reminder table).
/// </summary>
public sealed class SqliteStorageOptions : AdoNetStorageOptions
{
    /// <summary>
    /// The database file (its directory is created when missing), or a Microsoft.Data.Sqlite connection string
    /// (anything containing <c>=</c>, for example <c>Data Source=./data/state.db</c>).
    /// </summary>
    public string DataSource { get; set; } = string.Empty;

    /// <summary>How long a command waits for a lock held by another process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
