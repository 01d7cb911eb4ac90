namespace OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

/// <summary>
/// Grain storage (and reminders) in PostgreSQL. Bound from configuration section <c>GrainStorage:&lt;name&gt;</c>
/// (<c>Reminders:Storage</c> for the reminder table).
/// </summary>
public sealed class PostgresStorageOptions : AdoNetStorageOptions
{
    /// <summary>An Npgsql connection string (host, port, database, credentials). Keywords given here win over the settings below.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema that holds the tables; created at start-up if missing.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// The connection pool's size, unless the connection string sets <c>Maximum Pool Size</c>. Default: twice the
    /// processor count, at least 4 — a small pool with batching beats a wide one.
    /// </summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>How long opening a connection may take, unless the connection string sets <c>Timeout</c>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many group-commit batches may be in flight at once (each on its own connection).</summary>
    public int WriterCount { get; set; } = 2;
}
