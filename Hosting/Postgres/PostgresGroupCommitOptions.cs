using Orleans;
using Orleans.Storage;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>
/// Options of a group-commit grain storage on PostgreSQL (configuration <c>Orleans:GrainStorage:&lt;name&gt;</c> with
/// ProviderType <c>PostgresGroupCommit</c>; see <see cref="PostgresGroupCommitProviderBuilder"/>).
/// </summary>
public sealed class PostgresGroupCommitOptions : IStorageProviderSerializerOptions
{
    /// <summary>The database (Npgsql syntax); configuration may name it with <c>ConnectionName</c> instead.</summary>
    [Redact]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Writer loops, each committing one batch at a time on a connection of its own: while one batch waits for its
    /// commit (and the server's WAL flush), the next one fills. Two keep a small server busy; more help only when the
    /// server has cores and disks to spare.
    /// </summary>
    public int WriterCount { get; set; } = 2;

    /// <summary>The most state writes committed in one statement (one transaction).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Writes that may wait for a writer before callers wait to enqueue (back-pressure instead of an unbounded
    /// buffer); 0 picks <c>4 × WriterCount × MaxBatchSize</c>.
    /// </summary>
    public int QueueCapacity { get; set; }

    /// <summary>
    /// Connections in the provider's own pool (Npgsql's <c>Maximum Pool Size</c>): the writers' plus those reads use.
    /// Null keeps what the connection string says (Npgsql's default: 100).
    /// </summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>The serializer of grain state; the silo's registered <see cref="IGrainStorageSerializer"/> unless set.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
