namespace OrleansBackend.Hosting.Database;

/// <summary>The database engines the backend stores grain state, reminders and streams in.</summary>
public enum DatabaseEngine
{
    /// <summary>PostgreSQL through Npgsql (the cluster).</summary>
    PostgreSql,

    /// <summary>SQLite through Microsoft.Data.Sqlite (the embedded default).</summary>
    Sqlite,
}
