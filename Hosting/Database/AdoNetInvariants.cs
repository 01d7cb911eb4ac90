namespace OrleansBackend.Hosting.Database;

/// <summary>The ADO.NET invariant names the Orleans providers know the backend's engines by.</summary>
public static class AdoNetInvariants
{
    /// <summary>PostgreSQL (Npgsql).</summary>
    public const string PostgreSql = "Npgsql";

    /// <summary>SQLite: Orleans maps this name to Microsoft.Data.Sqlite.</summary>
    public const string Sqlite = "System.Data.SQLite";

    /// <summary>The engine an invariant names, or null for an engine the backend has no scripts for.</summary>
    public static DatabaseEngine? EngineOf(string? invariant) => invariant switch
    {
        PostgreSql => DatabaseEngine.PostgreSql,
        Sqlite => DatabaseEngine.Sqlite,
        _ => null,
    };
}
