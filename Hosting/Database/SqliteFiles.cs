using Microsoft.Data.Sqlite;

namespace OrleansBackend.Hosting.Database;

/// <summary>Where a SQLite connection string keeps its data.</summary>
public static class SqliteFiles
{
    /// <summary>The full path of the database file (relative paths are against the working directory), or null for an in-memory database.</summary>
    public static string? PathOf(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source);
    }

    /// <summary>Creates the folder of the database file if it is missing (SQLite creates files, not folders).</summary>
    public static void EnsureDirectory(string connectionString)
    {
        if (PathOf(connectionString) is { } path && Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
