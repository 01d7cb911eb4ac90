using Orleans;

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>Options of a durable stream provider on SQLite (configuration <c>Orleans:Streaming:&lt;name&gt;</c> with ProviderType <c>Sqlite</c>).</summary>
public sealed class SqliteStreamOptions
{
    /// <summary>The database, e.g. <c>Data Source=data/orleansbackend.db</c> (the folder is created).</summary>
    [Redact]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Messages read from a queue per poll.</summary>
    public int ReadBatchSize { get; set; } = 256;
}
