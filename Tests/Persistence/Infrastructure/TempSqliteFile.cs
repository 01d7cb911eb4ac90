using Microsoft.Data.Sqlite;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A SQLite database file in a temporary folder of its own (the file is created by whoever opens it first), removed on dispose.</summary>
public sealed class TempSqliteFile : IDisposable
{
    private readonly DirectoryInfo _folder;

    public TempSqliteFile()
    {
        _folder = Directory.CreateTempSubdirectory("orleansbackend-persistence-");
        FilePath = Path.Combine(_folder.FullName, "backend.db");
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>A Microsoft.Data.Sqlite connection string to the file.</summary>
    public string ConnectionString => $"Data Source={FilePath}";

    /// <summary>Runs one statement on an outside connection and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind harms nothing.
        }
    }
}
