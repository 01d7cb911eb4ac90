using System.Data.Common;

namespace OrleansBackend.Hosting.Database;

/// <summary>A database the backend's providers use: its engine and connection string.</summary>
/// <param name="Engine">The engine.</param>
/// <param name="ConnectionString">How to reach it (a SQLite connection string names the file).</param>
public sealed record DatabaseTarget(DatabaseEngine Engine, string ConnectionString)
{
    /// <summary>Where the database is, for messages: host, port and database, or the file; never a password.</summary>
    public string Describe()
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        string? Part(string key) => builder.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return Engine == DatabaseEngine.Sqlite
            ? $"SQLite {Part("Data Source") ?? Part("DataSource") ?? Part("Filename")}"
            : $"PostgreSQL {Part("Host") ?? Part("Server")}:{Part("Port") ?? "5432"}/{Part("Database") ?? Part("Username")}";
    }
}
