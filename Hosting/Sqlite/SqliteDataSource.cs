using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansBackend.Hosting.Sqlite;

/// <summary>
/// Connections to a SQLite file that state, on every open, whether each commit waits for its own fsync
/// (<c>synchronous=FULL</c>) or not (<c>NORMAL</c>: the file's <see cref="SqliteWriteGate"/> then makes the commits durable
/// in groups, one fsync for every write that committed before it, and answers no writer before that). Saying it on every
/// open matters: Microsoft.Data.Sqlite pools connections by connection string, so providers sharing one database would
/// otherwise inherit each other's setting. (Orleans' ADO.NET providers take a data source; Microsoft.Data.Sqlite's
/// connection string has no keyword for this.)
/// </summary>
internal sealed class SqliteDataSource(string connectionString, bool syncEachCommit) : DbDataSource
{
    public override string ConnectionString { get; } = connectionString;

    /// <summary>A new connection to <paramref name="connectionString"/> that, once open, commits as <paramref name="syncEachCommit"/> says.</summary>
    public static SqliteConnection CreateConnection(string connectionString, bool syncEachCommit)
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += syncEachCommit ? SyncEachCommit : SyncInGroups;
        return connection;
    }

    protected override DbConnection CreateDbConnection() => CreateConnection(ConnectionString, syncEachCommit);

    private static void SyncEachCommit(object sender, StateChangeEventArgs change) => SetSynchronous(sender, change, "FULL");

    private static void SyncInGroups(object sender, StateChangeEventArgs change) => SetSynchronous(sender, change, "NORMAL");

    private static void SetSynchronous(object sender, StateChangeEventArgs change, string mode)
    {
        if (change.CurrentState == ConnectionState.Open && sender is SqliteConnection opened)
        {
            using var pragma = opened.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=" + mode;
            pragma.ExecuteNonQuery();
        }
    }
}
