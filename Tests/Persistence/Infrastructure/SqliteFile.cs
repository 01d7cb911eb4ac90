using Microsoft.Data.Sqlite;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A SQLite database file in a temporary directory of its own (created by the provider), removed afterwards.</summary>
public sealed class SqliteFile : IDisposable
{
    public SqliteFile()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ob-sqlite-" + Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "data", "state.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Opens an outside connection to the file (another process's view).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind does no harm.
        }
    }
}
